"""Importing the register of members: formats, every validation error, all or nothing,
updates by member number, traceability, the command's progress."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from governance.models import MemberPage, RegisterChange, RegisterImport
from governance.register import RegisterFileError, import_register, normalise
from tests.factories import build_governance

HEADER = [
    "Numéro",
    "Nom",
    "Collège",
    "Type",
    "Catégorie",
    "Parts",
    "Date d'admission",
    "Date de sortie",
    "Organisme public",
    "Territoire",
    "Site web",
]
GOOD = [
    [
        "S-001",
        "Épicerie solidaire La Musette",
        "Collège 1",
        "Association",
        "Bénéficiaires (usagers, clients)",
        "3",
        "12/03/2021",
        "",
        "non",
        "Val-de-Sarre",
        "https://musette.example",
    ],
    [
        "S-002",
        "Commune de Val-de-Sarre",
        "college-2",
        "collectivité locale",
        "Personnes publiques",
        "10",
        "2020-01-15",
        "",
        "oui",
        "Val-de-Sarre",
        "",
    ],
    [
        "S-003",
        "Camille Ravenel",
        "COLLÈGE 3",
        "Salarié",
        "salariés de la coopérative",
        "1",
        "01/09/2022",
        "31/12/2025",
        "non",
        "",
        "",
    ],
]


def csv_bytes(rows, delimiter=",", encoding="utf-8", bom=False):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    raw = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + raw) if bom else raw


def xlsx_bytes(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def gov(tree):
    return build_governance(tree, members_per_college=0)


@pytest.mark.parametrize(
    "raw, filename",
    [
        (csv_bytes([HEADER, *GOOD]), "registre.csv"),
        (csv_bytes([HEADER, *GOOD], delimiter=";", encoding="cp1252"), "registre.csv"),
        (csv_bytes([HEADER, *GOOD], delimiter=";", bom=True), "registre.csv"),
    ],
    ids=["utf8-comma", "excel-cp1252-semicolon", "utf8-bom-semicolon"],
)
def test_csv_variants_create_the_members(gov, editor_user, raw, filename):
    summary, errors = import_register(raw, filename, user=editor_user)
    assert errors == []
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    musette = MemberPage.objects.get(member_number="S-001")
    assert musette.title == "Épicerie solidaire La Musette"
    assert musette.get_parent().title == "Collège 1"
    assert (musette.kind, musette.category, musette.shares) == ("association", "beneficiaries", 3)
    assert musette.admission_date == date(2021, 3, 12)
    commune = MemberPage.objects.get(member_number="S-002")
    assert commune.is_public_body and commune.get_parent().title == "Collège 2"
    assert MemberPage.objects.get(member_number="S-003").exit_date == date(2025, 12, 31)


def test_xlsx_with_real_dates_and_numbers(gov, editor_user):
    rows = [
        HEADER,
        [
            12,
            "Accorderie du Val",
            "Collège 1",
            "association",
            "bénévoles",
            4.0,
            date(2019, 6, 1),
            None,
            "non",
            "Val-de-Sarre",
            None,
        ],
    ]
    summary, errors = import_register(xlsx_bytes(rows), "registre.xlsx", user=editor_user)
    assert errors == []
    member = MemberPage.objects.get(member_number="12")
    assert (member.shares, member.admission_date) == (4, date(2019, 6, 1))


BAD_CASES = {
    "unknown college": (2, "Collège", "collège inconnu « Collège 9 »", {"college": "Collège 9"}),
    "shares in words": (
        5,
        "Parts",
        "« douze » n’est pas un nombre entier de parts",
        {"shares": "douze"},
    ),
    "half a share": (5, "Parts", "« 2,5 » n’est pas un nombre entier de parts", {"shares": "2,5"}),
    "unreadable date": (
        6,
        "Date d'admission",
        "« 32/13/2021 » n’est pas une date lisible",
        {"admission_date": "32/13/2021"},
    ),
    "missing name": (1, "Nom", "le nom manque", {"name": ""}),
    "missing number": (0, "Numéro", "le numéro de sociétaire manque", {"number": ""}),
    "exit before admission": (
        7,
        "Date de sortie",
        "la sortie précède l’admission",
        {"exit_date": "01/01/2000"},
    ),
    "public body": (
        8,
        "Organisme public",
        "répondez « oui » ou « non »",
        {"is_public_body": "peut-être"},
    ),
    "unknown kind": (3, "Type", "« fondation » n’est pas une valeur connue", {"kind": "fondation"}),
    "bad website": (
        10,
        "Site web",
        "« musette » n’est pas une adresse web",
        {"website": "musette"},
    ),
}
INDEX = {
    "number": 0,
    "name": 1,
    "college": 2,
    "kind": 3,
    "shares": 5,
    "admission_date": 6,
    "exit_date": 7,
    "is_public_body": 8,
    "website": 10,
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_each_error_names_line_column_and_reason(gov, editor_user, case):
    _index, column, message, change = BAD_CASES[case]
    row = list(GOOD[0])
    for key, value in change.items():
        row[INDEX[key]] = value
    summary, errors = import_register(csv_bytes([HEADER, GOOD[1], row]), "r.csv", user=editor_user)
    assert summary is None
    assert len(errors) == 1, [str(e) for e in errors]
    assert (errors[0].line, errors[0].column) == (3, column)
    assert message in str(errors[0])
    assert str(errors[0]).startswith(f"Ligne 3, colonne « {column} » : ")
    assert not MemberPage.objects.filter(member_number__in=["S-001", "S-002"]).exists()
    assert not RegisterImport.objects.exists()


def test_duplicate_numbers_and_all_errors_at_once(gov, editor_user):
    rows = [HEADER, GOOD[0], GOOD[1], list(GOOD[0]), [*GOOD[2][:5], "x", *GOOD[2][6:]]]
    _summary, errors = import_register(csv_bytes(rows), "r.csv", user=editor_user)
    assert [(e.line, e.column) for e in errors] == [(4, "Numéro"), (5, "Parts")]
    assert "le numéro S-001 figure déjà ligne 2" in str(errors[0])


def test_one_bad_row_among_a_thousand_changes_nothing(gov, editor_user):
    rows = [HEADER] + [
        [
            f"N{n:04}",
            f"Structure {n}",
            "Collège 1",
            "association",
            "bénévoles",
            "1",
            "01/01/2024",
            "",
            "non",
            "",
            "",
        ]
        for n in range(1000)
    ]
    rows[700][5] = "beaucoup"
    MemberPage.objects.count()
    before = MemberPage.objects.count()
    summary, errors = import_register(csv_bytes(rows), "grand.csv", user=editor_user)
    assert summary is None and [e.line for e in errors] == [701]
    assert MemberPage.objects.count() == before


def test_reimport_updates_by_number_and_records_the_change(gov, editor_user):
    import_register(csv_bytes([HEADER, *GOOD]), "v1.csv", user=editor_user)
    changed = [list(row) for row in GOOD]
    changed[0][5] = "5"
    summary, errors = import_register(csv_bytes([HEADER, *changed]), "v2.csv", user=editor_user)
    assert errors == []
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    assert MemberPage.objects.get(member_number="S-001").shares == 5
    record = RegisterImport.objects.get(filename="v2.csv")
    assert record.user == editor_user and record.updated == 1
    change = RegisterChange.objects.get(register_import=record)
    assert change.number == "S-001" and change.changes == {"shares": ["3", "5"]}
    assert RegisterChange.objects.filter(register_import__filename="v1.csv").count() == 3


def test_missing_columns_and_wrong_format(gov, editor_user):
    with pytest.raises(RegisterFileError, match="Colonnes manquantes : Collège"):
        import_register(csv_bytes([["Numéro", "Nom"], ["1", "X"]]), "r.csv", user=editor_user)
    with pytest.raises(RegisterFileError, match="CSV ou XLSX"):
        import_register(b"...", "registre.pdf", user=editor_user)


def test_headers_are_matched_without_case_or_accents():
    assert normalise("DATE D’ADMISSION") == normalise("date d'admission") == "date d admission"
    assert normalise("  Numéro ") == "numero"


def test_command_shows_progress_and_summary(gov, editor_user, tmp_path, capsys):
    path = tmp_path / "registre.csv"
    path.write_bytes(csv_bytes([HEADER, *GOOD], delimiter=";", encoding="cp1252"))
    call_command("import_register", str(path), user=editor_user.username)
    out = capsys.readouterr().out
    assert "3 lignes lues" in out
    assert "3/3 lignes (100 %)" in out
    assert "Import terminé : 3 créé(s), 0 modifié(s), 0 inchangé(s)." in out


def test_command_refuses_a_bad_file_and_writes_nothing(gov, editor_user, tmp_path, capsys):
    path = tmp_path / "registre.csv"
    row = list(GOOD[0])
    row[2] = "Collège 9"
    path.write_bytes(csv_bytes([HEADER, row]))
    with pytest.raises(CommandError, match="1 erreur\\(s\\) : rien n'a été importé"):
        call_command("import_register", str(path), user=editor_user.username)
    assert "Ligne 2, colonne « Collège »" in capsys.readouterr().err
    assert not MemberPage.objects.filter(member_number="S-001").exists()
    with pytest.raises(CommandError, match="Compte inconnu"):
        call_command("import_register", str(path), user="personne")


def test_validation_queries_do_not_grow_with_rows(gov, django_assert_max_num_queries):
    from governance.register import read_table, validate

    rows = [HEADER] + [
        [
            f"N{n:04}",
            f"Structure {n}",
            "Collège 2",
            "association",
            "bénévoles",
            "1",
            "01/01/2024",
            "",
            "non",
            "",
            "",
        ]
        for n in range(1000)
    ]
    table, present = read_table(csv_bytes(rows), "r.csv")
    with django_assert_max_num_queries(2):  # the colleges, once
        assert validate(table, present) == []


def test_imported_pages_are_real_pages_in_a_sound_tree(gov, editor_user, member_client):
    from wagtail.models import Page

    import_register(csv_bytes([HEADER, *GOOD]), "r.csv", user=editor_user)
    import_register(
        csv_bytes([HEADER, [*GOOD[0][:1], "Autre", *GOOD[0][2:]]]), "r2.csv", user=editor_user
    )
    musette = MemberPage.objects.get(member_number="S-001")
    assert musette.title == "Autre"
    assert Page.find_problems() == ([], [], [], [], [])
    assert member_client.get(musette.url).status_code == 200
    directory = member_client.get(gov.directory.url).content.decode()
    assert "Autre" in directory and "Commune de Val-de-Sarre" in directory
    assert not any(gov.directory.get_children().filter(slug=s).exists() for s in ["autre-s-001"])


def test_imported_and_updated_members_are_in_the_search_index(gov, editor_user, member_client):
    import_register(csv_bytes([HEADER, *GOOD]), "r.csv", user=editor_user)
    html = member_client.get("/fr/recherche/?q=Musette").content.decode()
    assert "Épicerie solidaire La Musette" in html
    renamed = [*GOOD[0][:1], "Ressourcerie Tournesol", *GOOD[0][2:]]
    import_register(csv_bytes([HEADER, renamed]), "r2.csv", user=editor_user)
    html = member_client.get("/fr/recherche/?q=Tournesol").content.decode()
    assert "Ressourcerie Tournesol" in html


def test_slugs_stay_unique_among_a_college_s_pages(gov, editor_user):
    rows = [
        HEADER,
        [*GOOD[0][:1], "Même nom", *GOOD[0][2:]],
        ["S 001", "Même nom", *GOOD[0][2:]],
    ]  # both slugify to « meme-nom-s-001 »
    summary, errors = import_register(csv_bytes(rows), "r.csv", user=editor_user)
    assert errors == [] and summary.created == 2
    slugs = sorted(MemberPage.objects.filter(title="Même nom").values_list("slug", flat=True))
    assert slugs == ["meme-nom-s-001", "meme-nom-s-001-2"]


def test_large_imports_go_in_chunks_into_a_sound_tree(gov, editor_user, monkeypatch):
    from wagtail.models import Page

    from governance import register

    monkeypatch.setattr(register, "CHUNK", 2)
    rows = [HEADER] + [
        [
            f"C{n}",
            f"Structure {n}",
            "Collège 1",
            "association",
            "bénévoles",
            "1",
            "01/01/2024",
            "",
            "non",
            "",
            "",
        ]
        for n in range(7)
    ]
    seen = []
    summary, errors = import_register(
        csv_bytes(rows), "r.csv", user=editor_user, progress=lambda done, total: seen.append(done)
    )
    assert errors == [] and summary.created == 7
    assert seen == [2, 4, 6, 7]
    assert Page.find_problems() == ([], [], [], [], [])
    assert Page.objects.child_of(gov.colleges[0]).count() == 7
