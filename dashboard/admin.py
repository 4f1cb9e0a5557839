from django.contrib import admin

from dashboard.models import Project


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
