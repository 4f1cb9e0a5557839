from django.contrib import admin

from dashboard.models import Anggota, Project


class AnggotaInline(admin.TabularInline):
    """The team, to look at: changes go through the Team page, which audits them and keeps
    the project's last pemilik."""

    model = Anggota
    fk_name = "project"
    fields = ("user", "peran", "added_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "nama",
        "owner",
        "lokasi",
        "nama_client",
        "tanggal_mulai",
        "tanggal_selesai",
        "jadwal_mode",
        "updated_at",
    )
    list_filter = ("owner", "jadwal_mode")
    search_fields = ("nama", "lokasi", "nama_client", "owner__username")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    date_hierarchy = "tanggal_mulai"
    readonly_fields = ("jadwal_version", "created_at", "updated_at")
    inlines = [AnggotaInline]
