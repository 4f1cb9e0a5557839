"""Build every pekerjaan's day plan from its existing generated cells (SPEC §9).

Each cell is spread over its tahapan's days with the §4 rule (evenly, the remainder to the
earliest days), so every generated cell is exactly the sum of its days again: nothing is lost
and the grid shows the same numbers after the upgrade. Cells of custom tahapan stay as they are
(they are not part of the day plan). Tahapan without dates cannot be placed and are skipped.
"""

import datetime
from collections import defaultdict

from django.db import migrations

from detail_project.scheduling import Period, plan_encode, plan_from_cells


def build_plans(apps, schema_editor):
    Project = apps.get_model("dashboard", "Project")
    TahapPelaksanaan = apps.get_model("detail_project", "TahapPelaksanaan")
    PekerjaanTahapan = apps.get_model("detail_project", "PekerjaanTahapan")
    RencanaHarian = apps.get_model("detail_project", "RencanaHarian")
    for project in Project.objects.order_by("pk").iterator():
        periods = {
            pk: Period(start, end)
            for pk, start, end in TahapPelaksanaan.objects.filter(
                project=project,
                is_auto_generated=True,
                tanggal_mulai__isnull=False,
                tanggal_selesai__isnull=False,
            ).values_list("pk", "tanggal_mulai", "tanggal_selesai")
        }
        cells = defaultdict(list)
        for pekerjaan_id, tahapan_id, proporsi in PekerjaanTahapan.objects.filter(
            tahapan_id__in=list(periods)
        ).values_list("pekerjaan_id", "tahapan_id", "proporsi_volume"):
            cells[pekerjaan_id].append((periods[tahapan_id], int(proporsi * 100)))
        rows = []
        for pekerjaan_id, items in cells.items():
            plan = plan_from_cells(items)
            start, data = plan_encode(plan)
            rows.append(
                RencanaHarian(
                    pekerjaan_id=pekerjaan_id,
                    project_id=project.pk,
                    mulai=None if start is None else datetime.date.fromordinal(start),
                    hari=data,
                    total=plan.total,
                    version=0,
                )
            )
        RencanaHarian.objects.bulk_create(rows, batch_size=500)
        Project.objects.filter(pk=project.pk).update(jadwal_scale_version=project.jadwal_version)


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_add_jadwal_scale_version"),
        ("detail_project", "0006_add_rencana_harian"),
    ]

    operations = [
        migrations.RunPython(build_plans, migrations.RunPython.noop, elidable=False),
    ]
