"""The AHSP catalogue: an analysis (Analisa Harga Satuan Pekerjaan) is a unit of work — "1 m3
beton f'c 20 MPa" — and the resources one unit needs, each a koefisien of a tenaga kerja, bahan
or alat item. Loaded from the SNI library by `manage.py import_ahsp`; a project prices its
pekerjaan from copies of these lines (`detail_project.PekerjaanAhspBaris`), so editing a
project never changes the catalogue."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

KOEFISIEN_DIGITS = 18
KOEFISIEN_PLACES = 6


class Kategori(models.TextChoices):
    """The three parts of an analysis, in the order the regulation's forms list them."""

    TENAGA = "tenaga", _("Tenaga kerja")
    BAHAN = "bahan", _("Bahan")
    ALAT = "alat", _("Peralatan")


KATEGORI_ORDER = {kategori.value: index for index, kategori in enumerate(Kategori)}


class AhspAnalisis(models.Model):
    kode = models.CharField(_("kode AHSP"), max_length=64, unique=True)
    nama = models.TextField(_("name"))
    satuan = models.CharField(_("satuan"), max_length=32, blank=True)
    sumber = models.CharField(_("source"), max_length=200, blank=True)
    # False when a line of the source could not be read (it is reported, not guessed): the
    # analysis can still be browsed, and a project linking it sees the warning.
    lengkap = models.BooleanField(_("complete"), default=True)
    catatan = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "ahsp_analisis"
        verbose_name = _("AHSP analysis")
        verbose_name_plural = _("AHSP analyses")
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class ResourceLine(models.Model):
    """What every resource line is, in the catalogue or copied into a project: `koefisien`
    units of one item (tenaga kerja, bahan or alat) per unit of work."""

    urutan = models.PositiveIntegerField(default=0)
    kategori = models.CharField(_("category"), max_length=10, choices=Kategori.choices)
    kode_item = models.CharField(_("item code"), max_length=32)
    uraian = models.CharField(_("item"), max_length=255)
    satuan = models.CharField(_("satuan"), max_length=32, blank=True)
    koefisien = models.DecimalField(
        _("koefisien"),
        max_digits=KOEFISIEN_DIGITS,
        decimal_places=KOEFISIEN_PLACES,
        default=Decimal("0"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kode_item} {self.uraian} × {self.koefisien}"


class AhspBaris(ResourceLine):
    """One resource line of an analysis."""

    analisis = models.ForeignKey(AhspAnalisis, on_delete=models.CASCADE, related_name="baris")
    # What the source said, when it was not read as written (the repair report names it).
    koefisien_asli = models.CharField(_("koefisien as in the source"), max_length=64, blank=True)

    class Meta:
        db_table = "ahsp_baris"
        verbose_name = _("AHSP line")
        verbose_name_plural = _("AHSP lines")
        ordering = ["analisis", "urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(koefisien__gte=0), name="ahsp_baris_koefisien_non_negative"
            ),
        ]

    @property
    def diperbaiki(self) -> bool:
        return bool(self.koefisien_asli)
