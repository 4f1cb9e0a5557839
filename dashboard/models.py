from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JadwalMode(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    CUSTOM = "custom", _("Custom")


# The scales whose tahapan the app generates (every mode but custom).
GENERATED_MODES: tuple[str, ...] = (JadwalMode.DAILY, JadwalMode.WEEKLY, JadwalMode.MONTHLY)


# Signature blocks a document can carry (time schedules usually have three or four).
SIGNATURES = 4


WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Project(models.Model):
    """A construction project owned by one planner: its RAB and its schedule hang off it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="projects",
        verbose_name=_("owner"),
    )
    nama = models.CharField(_("project name"), max_length=200)
    lokasi = models.CharField(_("location"), max_length=200, blank=True)
    sumber_dana = models.CharField(_("funding source"), max_length=200, blank=True)
    nama_client = models.CharField(_("client name"), max_length=200, blank=True)
    anggaran_owner = models.DecimalField(
        _("owner's budget (Rp)"),
        max_digits=20,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    tanggal_mulai = models.DateField(_("start date"))
    tanggal_selesai = models.DateField(
        _("end date"), help_text=_("Inclusive: the last working day of the project.")
    )
    week_end_day = models.PositiveSmallIntegerField(
        _("week ends on"),
        choices=WEEKDAY_CHOICES,
        default=6,
        help_text=_("Weekly periods end on this day."),
    )
    ppn_percent = models.DecimalField(
        _("PPN (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("11"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # Overhead and profit on an AHSP-priced harga satuan (SPEC §13); changed on the harga
    # dasar page, which reprices every linked pekerjaan in the same write.
    overhead_profit_percent = models.DecimalField(
        _("overhead and profit (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    pembulatan_step = models.PositiveIntegerField(
        _("rounding (Rp)"),
        default=10_000,
        validators=[MinValueValidator(1)],
        help_text=_("GRAND TOTAL is rounded down to a multiple of this amount."),
    )
    # For the documents (time schedule, progress reports, RAB): their header and signatures.
    tahun_anggaran = models.PositiveSmallIntegerField(
        _("budget year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    nomor_kontrak = models.CharField(_("contract number"), max_length=100, blank=True)
    tanggal_kontrak = models.DateField(_("contract date"), null=True, blank=True)
    pemilik_ppk = models.CharField(_("owner / PPK"), max_length=200, blank=True)
    kontraktor = models.CharField(_("contractor"), max_length=200, blank=True)
    konsultan_pengawas = models.CharField(_("supervising consultant"), max_length=200, blank=True)
    # Signature blocks, in order: [{"peran": "Dibuat oleh, Kontraktor", "nama": …, "jabatan":
    # "Direktur" or a NIP}], at most SIGNATURES (the project form edits them).
    tanda_tangan = models.JSONField(_("signatures"), default=list, blank=True)
    jadwal_mode = models.CharField(
        _("time scale"), max_length=10, choices=JadwalMode.choices, default=JadwalMode.WEEKLY
    )
    # Incremented by every schedule write; a write carrying an older number is refused (409)
    # so that two planners can never silently overwrite each other.
    jadwal_version = models.PositiveIntegerField(_("schedule version"), default=0, editable=False)
    # The jadwal_version at which the generated tahapan (the time scale) last changed: a client
    # that read an older version holds columns that may no longer exist, so its save is a 409.
    jadwal_scale_version = models.PositiveIntegerField(
        _("time scale version"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "-updated_at"], name="project_owner_updated_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(tanggal_selesai__gte=F("tanggal_mulai")),
                name="project_selesai_after_mulai",
            ),
            models.CheckConstraint(
                condition=Q(week_end_day__gte=0, week_end_day__lte=6),
                name="project_week_end_day_range",
            ),
            models.CheckConstraint(
                condition=Q(anggaran_owner__gte=0), name="project_anggaran_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(ppn_percent__gte=0, ppn_percent__lte=100),
                name="project_ppn_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(overhead_profit_percent__gte=0, overhead_profit_percent__lte=100),
                name="project_overhead_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(pembulatan_step__gte=1), name="project_pembulatan_step_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("detail_project:rab", args=[self.pk])

    @property
    def durasi_hari(self) -> int:
        """Days in the project, both ends included."""
        return (self.tanggal_selesai - self.tanggal_mulai).days + 1


class Peran(models.TextChoices):
    """A member's role in a project's team (SPEC §14). What each may do is in `dashboard.access`."""

    PEMILIK = "pemilik", _("Pemilik")
    PENYUNTING = "penyunting", _("Penyunting")
    PENGAWAS = "pengawas", _("Pengawas")
    PEMBACA = "pembaca", _("Pembaca")


def peran_label(value: object) -> str:
    """A peran's name in the reader's language; a value that is no peran (in an old audit
    row) as it is."""
    return str(Peran(value).label) if value in Peran.values else str(value or "")


class Anggota(models.Model):
    """A member of a project's team other than `Project.owner`, who is its pemilik by itself
    (so a project made any way, a form, an import, a command, the ORM, needs no row here).
    A row with peran pemilik is a co-owner."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="anggota", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="keanggotaan",
        verbose_name=_("user"),
    )
    peran = models.CharField(_("role"), max_length=12, choices=Peran.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="anggota_project_user_unique"),
            models.CheckConstraint(
                condition=Q(peran__in=[choice.value for choice in Peran]),
                name="anggota_peran_valid",
            ),
        ]
        # "Shared with me" lists a user's memberships; (project, user) is the unique index.
        indexes = [models.Index(fields=["user", "project"], name="anggota_user_project_idx")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_peran_display()}) — {self.project}"


class Undangan(models.Model):
    """An invitation by email to join a project's team as `peran`: a link that can be used once
    and expires. Only the SHA-256 of its token is kept; the link itself is only in the email."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="undangan", verbose_name=_("project")
    )
    email = models.EmailField(_("email"))
    peran = models.CharField(_("role"), max_length=12, choices=Peran.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_peran_display()}) — {self.project}"
