"""The rekap kebutuhan as an xlsx (SPEC §13), tested by opening it with openpyxl: every
quantity and cost equal to the selector's exact figures rounded once (and one week's semen to a
hand computation from the plan), real numbers, live totals, the header block, `?scale=` and
`?kategori=`, and the refusals: another user's project, a format or parameter that does not
exist."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from detail_project import scheduling
from detail_project.models import Pekerjaan
from detail_project.selectors.kebutuhan import quantity, rekap, rupiah
from detail_project.tests.ahsp_fixtures import PRICES, SEMEN, link_and_plan

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUANTITY_FIRST = 4  # E: after No, Kode, Uraian, Satuan
COST_FIRST = 5  # F: after No, Kode, Uraian, Satuan, Harga satuan


def url(project, **query) -> str:
    text = reverse("detail_project:kebutuhan_export", kwargs={"project_id": project.pk})
    if query:
        text += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return text


@pytest.fixture
def planned(project, pekerjaan, catalogue, owner, weekly):
    """Pekerjaan 0 (beton): 40 % in week 1, 60 % in week 2; pekerjaan 2 (plester): 25 % in week
    2 and 75 % in week 4; pekerjaan 1 is linked but not planned; the rest are not linked."""
    link_and_plan(
        project, pekerjaan, weekly, owner, [(0, 0, 4000), (0, 1, 6000), (2, 1, 2500), (2, 3, 7500)]
    )
    return pekerjaan, weekly


def download(client: Client, project, **query):
    response = client.get(url(project, **query))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    return response


def workbook(response, *, data_only: bool = True):
    return load_workbook(io.BytesIO(response.content), data_only=data_only)


def header_row(sheet) -> int:
    """The 1-based row of the column header (the one whose second cell is "Kode")."""
    for row in sheet.iter_rows(min_col=2, max_col=2):
        if row[0].value == "Kode":
            return row[0].row
    raise AssertionError("no column header")


def read(sheet, first: int):
    """(period names, {kode: (values per period, total)}, the last row's values and total)."""
    head = header_row(sheet)
    names = []
    column = first + 1
    while sheet.cell(head, column + 1).value is not None:
        names.append(sheet.cell(head, column).value)
        column += 1
    total_column = column
    items = {}
    last = None
    for row in range(head + 2, sheet.max_row + 1):
        kode = sheet.cell(row, 2).value
        values = [sheet.cell(row, first + 1 + i).value for i in range(len(names))]
        total = sheet.cell(row, total_column).value
        if isinstance(sheet.cell(row, 1).value, int) and kode:
            items[kode] = (values, total)
        if any(value is not None for value in values) or total is not None:
            last = (values, total)
    return names, items, last


def expected(project, **kwargs):
    found = rekap(project, **kwargs)
    width = len(found.found.axis.slots)
    quantities = {
        kode: [quantity(need.quantity_in(i)) for i in range(width)]
        for kode, need in found.needs.items()
    }
    costs = {
        kode: [rupiah(need.cost_in(i)) for i in range(width)] for kode, need in found.needs.items()
    }
    totals = [
        rupiah(Decimal(sum(need.cost[i] for need in found.needs.values())) / scheduling.COST_SCALE)
        for i in range(width)
    ]
    return found, quantities, costs, totals


def number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def test_quantities_per_week_equal_the_selector_and_a_hand_computation(
    owner_client, project, planned
):
    pekerjaan, weekly = planned
    response = download(owner_client, project)
    assert response["Content-Disposition"] == (
        'attachment; filename="kebutuhan-mingguan-gedung-serbaguna.xlsx"'
    )
    book = workbook(response)
    with translation.override("id"):
        cost_sheet_name = gettext("Cost")
        week_1 = gettext("Week %(n)s") % {"n": 1}
        weekly_word = gettext("Weekly")
    assert book.sheetnames == ["Kebutuhan", cost_sheet_name]
    sheet = book["Kebutuhan"]
    names, items, _ = read(sheet, QUANTITY_FIRST)
    assert len(names) == len(weekly) and names[0] == week_1

    found, quantities, _, _ = expected(project)
    assert list(items) == list(found.items)  # kategori, then uraian: tenaga, bahan, alat
    for kode, (values, total) in items.items():
        assert [number(v) for v in values] == [q or None for q in quantities[kode]], kode
        assert all(isinstance(v, float | int) for v in values if v is not None)
        assert number(total) == sum(quantities[kode])

    # Semen, by hand from the plan above: Σ volume × share × koefisien.
    beton = Pekerjaan.objects.get(pk=pekerjaan[0].pk).volume
    plester = Pekerjaan.objects.get(pk=pekerjaan[2].pk).volume
    semen = items[SEMEN][0]
    assert number(semen[0]) == beton * Decimal("0.40") * 371
    assert number(semen[1]) == beton * Decimal("0.60") * 371 + plester * Decimal("0.25") * Decimal(
        "6.24"
    )
    assert semen[2] is None
    assert number(semen[3]) == plester * Decimal("0.75") * Decimal("6.24")

    # the header block: the project, the time scale, the kategori
    texts = [cell.value for row in sheet.iter_rows(max_row=header_row(sheet)) for cell in row]
    assert "Gedung Serbaguna" in texts and "Bandung" in texts
    assert weekly_word in texts


def test_costs_per_period_totals_and_grand_total(owner_client, project, planned):
    book = workbook(download(owner_client, project))
    sheet = book.worksheets[1]
    names, items, last = read(sheet, COST_FIRST)
    found, _, costs, totals = expected(project)
    assert len(names) == len(totals)
    for kode, (values, total) in items.items():
        assert [number(v) for v in values] == [c or None for c in costs[kode]], kode
        assert number(total) == rupiah(Decimal(sum(found.needs[kode].cost)) / scheduling.COST_SCALE)
    semen_harga = sheet.cell(
        next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == SEMEN), 5
    ).value
    assert number(semen_harga) == PRICES[SEMEN]
    period_totals, grand_total = last  # the last row: cost per period and the grand total
    assert [number(v) for v in period_totals] == totals
    assert number(grand_total) == sum(totals) and grand_total > 0
    # the same figures as the page's endpoint
    api = owner_client.get(
        f"/detail_project/api/project/{project.pk}/rekap-kebutuhan-enhanced/"
    ).json()
    assert [period["total_biaya"] for period in api["data"]] == [float(t) for t in totals]
    assert api["grand_total"] == float(grand_total)


def test_totals_are_live_formulas(owner_client, project, planned):
    book = workbook(download(owner_client, project), data_only=False)
    quantities, costs = book.worksheets
    _, items, _ = read(quantities, QUANTITY_FIRST)
    assert all(str(total).startswith("=SUM(") for _, total in items.values())
    _, _, (period_totals, grand_total) = read(costs, COST_FIRST)
    assert all(str(value).startswith("=") for value in period_totals)
    assert str(grand_total).startswith("=")


def test_monthly_scale_keeps_the_total(owner_client, project, planned):
    weekly_costs = workbook(download(owner_client, project)).worksheets[1]
    response = download(owner_client, project, scale="monthly")
    assert "kebutuhan-bulanan-gedung-serbaguna.xlsx" in response["Content-Disposition"]
    monthly_costs = workbook(response).worksheets[1]
    names, _, (_, monthly_total) = read(monthly_costs, COST_FIRST)
    with translation.override("id"):
        assert names == [gettext(month) + " 2026" for month in ("January", "February", "March")]
    _, _, (_, weekly_total) = read(weekly_costs, COST_FIRST)
    assert monthly_total == weekly_total
    _, _, _, totals = expected(project, scale="monthly")
    assert len(totals) == 3


def test_daily_scale(owner_client, project, planned):
    response = download(owner_client, project, scale="daily")
    names, items, _ = read(workbook(response)["Kebutuhan"], QUANTITY_FIRST)
    assert len(names) == (project.tanggal_selesai - project.tanggal_mulai).days + 1
    _, quantities, _, _ = expected(project, scale="daily")
    assert [number(v) for v in items[SEMEN][0]] == [q or None for q in quantities[SEMEN]]


def test_kategori_keeps_only_its_items(owner_client, project, planned):
    response = download(owner_client, project, kategori="bahan")
    assert "kebutuhan-bahan-mingguan-gedung-serbaguna.xlsx" in response["Content-Disposition"]
    book = workbook(response)
    _, items, _ = read(book["Kebutuhan"], QUANTITY_FIRST)
    assert set(items) == {SEMEN, "B.0001"}
    _, _, _, totals = expected(project, kategori="bahan")
    _, _, (period_totals, _) = read(book.worksheets[1], COST_FIRST)
    assert [number(v) for v in period_totals] == totals
    texts = [cell.value for row in book["Kebutuhan"].iter_rows(max_row=12) for cell in row]
    assert "Bahan" in texts


def test_an_unlinked_project_gets_a_sheet_that_says_so(owner_client, project, pekerjaan, weekly):
    book = workbook(download(owner_client, project))
    texts = [cell.value for row in book["Kebutuhan"].iter_rows() for cell in row]
    with translation.override("id"):
        assert gettext("No pekerjaan is priced by an AHSP analysis yet.") in texts
    _, items, (_, grand_total) = read(book.worksheets[1], COST_FIRST)
    assert items == {} and grand_total == 0


def test_it_rejects_outsider(outsider_client, project, planned):
    assert outsider_client.get(url(project)).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(project, planned):
    response = Client().get(url(project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("fmt", ["pdf", "csv", "XLSX", "xls"])
def test_any_other_format_is_404(owner_client, project, planned, fmt):
    path = f"/detail_project/project/{project.pk}/jadwal-pekerjaan/kebutuhan/{fmt}/"
    assert owner_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "query", [{"scale": "hourly"}, {"scale": "custom"}, {"kategori": "x"}, {"kategori": "Bahan"}]
)
def test_an_unknown_scale_or_kategori_is_404(owner_client, project, planned, query):
    assert owner_client.get(url(project, **query)).status_code == 404


def test_it_refuses_post(owner_client, project, planned):
    assert owner_client.post(url(project)).status_code == 405


def test_the_url_is_the_format(project):
    path = f"/detail_project/project/{project.pk}/jadwal-pekerjaan/kebutuhan/xlsx/"
    assert url(project) == path
    assert (
        reverse("detail_project:kebutuhan_export", kwargs={"project_id": project.pk, "fmt": "xlsx"})
        == path
    )


def test_it_reads_in_a_bounded_number_of_queries(
    owner_client, project, planned, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        download(owner_client, project)
