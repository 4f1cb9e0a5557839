"""Small builders for schedule tests: a RAB of any size in a few bulk queries."""

from __future__ import annotations

from decimal import Decimal

from detail_project.models import Klasifikasi, Pekerjaan, SubKlasifikasi


def make_rab(
    project, *, pekerjaan: int = 6, klasifikasi: int = 2, subs: int = 2
) -> list[Pekerjaan]:
    """`pekerjaan` work items spread over klasifikasi × subs, with varied volumes and prices."""
    klas = Klasifikasi.objects.bulk_create(
        Klasifikasi(project=project, name=f"Klasifikasi {k + 1}", ordering_index=k)
        for k in range(klasifikasi)
    )
    sub_rows = SubKlasifikasi.objects.bulk_create(
        SubKlasifikasi(
            project=project, klasifikasi=kl, name=f"Sub {k + 1}.{s + 1}", ordering_index=s
        )
        for k, kl in enumerate(klas)
        for s in range(subs)
    )
    rows = [
        Pekerjaan(
            project=project,
            sub_klasifikasi=sub_rows[i % len(sub_rows)],
            kode_pekerjaan=f"A.{i + 1}",
            uraian=f"Pekerjaan {i + 1}",
            satuan="m3" if i % 2 else "m2",
            volume=Decimal(10 + i % 17),
            harga_satuan=Decimal(100_000 + 1_000 * (i % 31)),
            ordering_index=i,
        )
        for i in range(pekerjaan)
    ]
    return Pekerjaan.objects.bulk_create(rows, batch_size=500)
