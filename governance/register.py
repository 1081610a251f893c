"""The register of members (*registre des sociétaires*): import from CSV/XLSX, export.

`read_table()` reads a file (CSV in UTF-8 or the Windows/Excel French variants — `;`
separator, cp1252, BOM — or XLSX) into rows keyed by canonical column; `validate()` checks every
row before anything is written and names each error with its line, column and a French reason;
`apply()` writes all rows in one transaction, with bulk lookups and bulk updates, and records
each change (`RegisterImport`, `RegisterChange`) so that it can be traced.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from coopsite.foundation.bulk_pages import bulk_add_children
from coopsite.foundation.exports import unquote_cell

from .models import (
    CollegePage,
    MemberCategory,
    MemberKind,
    MemberPage,
    RegisterChange,
    RegisterImport,
)


def normalise(text):
    """Lower case, no accents, words separated by one space: « Date d'admission » →
    « date d admission »."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


# canonical key, French heading of the template, other accepted headings
COLUMNS = [
    ("number", "Numéro", ["numero de societaire", "n", "no", "num", "numero sociétaire"]),
    ("name", "Nom", ["raison sociale", "nom ou raison sociale", "denomination", "societaire"]),
    ("college", "Collège", ["college de vote"]),
    ("kind", "Type", ["nature", "type de societaire"]),
    ("category", "Catégorie", ["categorie d associe", "categorie associe"]),
    ("shares", "Parts", ["nombre de parts", "parts sociales", "nb parts"]),
    ("admission_date", "Date d'admission", ["admission", "date admission", "admis le"]),
    ("exit_date", "Date de sortie", ["sortie", "date sortie"]),
    ("is_public_body", "Organisme public", ["personne publique", "public", "collectivite"]),
    ("territory", "Territoire", []),
    ("website", "Site web", ["site internet", "site", "web"]),
]
REQUIRED = ["number", "name", "college"]
HEADINGS = {key: heading for key, heading, _others in COLUMNS}
_ALIASES = {normalise(name): key for key, heading, others in COLUMNS for name in [heading, *others]}
TRUE = {"oui", "o", "vrai", "x", "1", "yes", "y", "true"}
FALSE = {"non", "n", "faux", "0", "no", "false", ""}


class RegisterFileError(Exception):
    """The file as a whole cannot be read (encoding, format, missing columns)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        return _("Line %(line)s, column « %(column)s »: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class Row:
    line: int
    values: dict
    data: dict = field(default_factory=dict)


# --- Reading -----------------------------------------------------------------------------------


def _decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")  # Excel's « CSV (séparateur : point-virgule) »


def _csv_rows(raw):
    text = _decode(raw)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # Exports prefix text that a spreadsheet would run as a formula with `'`: take it off.
    return [
        [unquote_cell(cell) for cell in row]
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]


def _xlsx_rows(raw):
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook
        raise RegisterFileError(_("This XLSX file cannot be read.")) from error
    sheet = workbook.worksheets[0]
    return [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]


def read_table(raw, filename):
    """Rows of the file as `Row`s keyed by canonical column (line numbers as in the file)."""
    if filename.lower().endswith(".xlsx"):
        table = _xlsx_rows(raw)
    elif filename.lower().endswith((".csv", ".txt")):
        table = _csv_rows(raw)
    else:
        raise RegisterFileError(_("Send a CSV or XLSX file."))
    if not table:
        raise RegisterFileError(_("The file is empty."))
    keys = [_ALIASES.get(normalise(heading)) for heading in table[0]]
    missing = [HEADINGS[key] for key in REQUIRED if key not in keys]
    if missing:
        raise RegisterFileError(
            _("Missing columns: %(columns)s. Download the template to see the expected headings.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(str(cell).strip() for cell in cells):
            continue  # blank lines at the end of a spreadsheet
        values = {key: cell for key, cell in zip(keys, cells, strict=False) if key}
        rows.append(Row(line=line, values=values))
    return rows, [key for key in keys if key]


# --- Validation --------------------------------------------------------------------------------


# Words registers use besides the labels of the interface.
SYNONYMS = {
    "kind": {
        "collectivite locale": "local_authority",
        "collectivite territoriale": "local_authority",
        "commune": "local_authority",
        "salarie": "employee",
        "salariee": "employee",
        "citoyen": "citizen",
        "citoyenne": "citizen",
        "habitant": "citizen",
        "usager": "beneficiary",
        "societe": "company",
    },
    "category": {
        "salaries": "employees",
        "beneficiaires": "beneficiaries",
        "usagers": "beneficiaries",
        "personnes publiques": "public_bodies",
        "collectivites": "public_bodies",
        "autres": "supporters",
        "soutiens": "supporters",
        "partenaires": "supporters",
    },
}


def _choice_map(choices, synonyms):
    with translation.override("fr"):
        mapping = {normalise(label): value for value, label in choices}
    mapping.update({normalise(value): value for value, _label in choices})
    mapping.update(synonyms)
    return mapping


def _parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError


def _parse_shares(value):
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
        number = float(text)
    if not number.is_integer() or number < 0:
        raise ValueError
    return int(number)


def validate(rows, present_columns):
    """Check every row (no write); returns the list of `RowError`s, empty when all is well.

    Lookups are done once for the whole file: colleges, and existing members by number.
    """
    errors = []
    colleges = {}
    for college in CollegePage.objects.all():
        colleges[normalise(college.title)] = college
        colleges[normalise(college.slug)] = college
    kinds = _choice_map(MemberKind.choices, SYNONYMS["kind"])
    categories = _choice_map(MemberCategory.choices, SYNONYMS["category"])
    seen = {}
    url = URLValidator()

    def error(row, key, message):
        errors.append(RowError(row.line, HEADINGS[key], message))

    for row in rows:
        values, data = row.values, row.data
        number = str(values.get("number", "")).strip()
        if isinstance(values.get("number"), float) and values["number"].is_integer():
            number = str(int(values["number"]))  # 12.0 from a spreadsheet cell
        if not number:
            error(row, "number", _("the member number is missing."))
        elif number in seen:
            error(
                row,
                "number",
                _("number %(number)s is already on line %(line)s.")
                % {"number": number, "line": seen[number]},
            )
        else:
            seen[number] = row.line
        data["number"] = number
        name = str(values.get("name", "")).strip()
        if not name:
            error(row, "name", _("the name is missing."))
        data["name"] = name[:255]
        college_name = str(values.get("college", "")).strip()
        college = colleges.get(normalise(college_name))
        if college is None:
            known = ", ".join(sorted({c.title for c in colleges.values()}))
            error(
                row,
                "college",
                _("unknown college « %(college)s » (known: %(known)s).")
                % {"college": college_name, "known": known},
            )
        data["college"] = college
        for key, mapping in (("kind", kinds), ("category", categories)):
            if key not in present_columns:
                continue
            text = str(values.get(key, "")).strip()
            if not text:
                error(row, key, _("this value is missing."))
            elif normalise(text) not in mapping:
                error(row, key, _("« %(value)s » is not a known value.") % {"value": text})
            else:
                data[key] = mapping[normalise(text)]
        if "shares" in present_columns:
            try:
                data["shares"] = _parse_shares(values.get("shares", ""))
            except (TypeError, ValueError):
                error(
                    row,
                    "shares",
                    _("« %(value)s » is not a whole number of shares.")
                    % {"value": values.get("shares", "")},
                )
        for key in ("admission_date", "exit_date"):
            if key not in present_columns:
                continue
            value = values.get(key, "")
            if value in ("", None):
                data[key] = None
                continue
            try:
                data[key] = _parse_date(value)
            except ValueError:
                error(
                    row,
                    key,
                    _("« %(value)s » is not a readable date (e.g. 31/12/2025).") % {"value": value},
                )
        admitted, left = data.get("admission_date"), data.get("exit_date")
        if admitted and left and left < admitted:
            error(row, "exit_date", _("the exit comes before the admission."))
        if "is_public_body" in present_columns:
            text = normalise(values.get("is_public_body", ""))
            if text in TRUE:
                data["is_public_body"] = True
            elif text in FALSE:
                data["is_public_body"] = False
            else:
                error(row, "is_public_body", _("answer « oui » or « non »."))
        if "territory" in present_columns:
            data["territory"] = str(values.get("territory", "")).strip()[:100]
        if "website" in present_columns:
            website = str(values.get("website", "")).strip()
            if website:
                try:
                    url(website)
                except ValidationError:
                    error(
                        row,
                        "website",
                        _("« %(value)s » is not a web address.") % {"value": website},
                    )
            data["website"] = website
    return errors


# --- Writing -----------------------------------------------------------------------------------

CHUNK = 250  # new pages created per bulk insert (about a second each, with the index)
FIELDS = [
    "kind",
    "category",
    "shares",
    "admission_date",
    "exit_date",
    "is_public_body",
    "territory",
    "website",
]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    record: object = None


def _display(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _create_members(new_rows, user, now):
    """Create the new members' pages in bulk (`coopsite.foundation.bulk_pages`): one insert of the
    page rows and one of the member rows per college, one search-index pass.

    `add_child()` one by one costs ~30 ms a page; 5,000 new members must import in well
    under 30 s.
    """
    by_college = {}
    for row in new_rows:
        by_college.setdefault(row.data["college"].pk, []).append(row)
    members = []
    for rows in by_college.values():
        college = rows[0].data["college"]
        taken = set(Page.objects.child_of(college).values_list("slug", flat=True))
        college_members = []
        for row in rows:
            data = row.data
            base = slugify(f"{data['name']}-{data['number']}")[:240] or "societaire"
            slug, suffix = base, 2
            while slug in taken:  # slugs are unique among a college's pages
                slug, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(slug)
            member = MemberPage(
                title=data["name"],
                slug=slug,
                member_number=data["number"],
                kind=data.get("kind", MemberKind.OTHER),
                category=data.get("category", MemberCategory.SUPPORTERS),
                **{
                    key: data[key]
                    for key in FIELDS
                    if key in data and key not in ("kind", "category")
                },
            )
            college_members.append(member)
            row.member = member
        members += bulk_add_children(college, college_members, owner=user, now=now)
    for member in members:
        member.resources = []  # new pages have none: no query per page while indexing
        member.contacts = []
    get_search_backend().add_bulk(MemberPage, members)
    return members


def _write_updates(pending, fields):
    """Write a chunk of changed members and re-index them (bulk_update sends no signal)."""
    if pending and fields:
        MemberPage.objects.bulk_update(pending, sorted(fields), batch_size=500)
        get_search_backend().add_bulk(MemberPage, pending)
    pending.clear()


def apply(rows, present_columns, *, user, filename, progress=None):
    """Write the validated rows in one transaction and record every change."""
    summary = ImportSummary()
    numbers = [row.data["number"] for row in rows]
    with transaction.atomic():
        existing = {
            member.member_number: member
            for member in MemberPage.objects.filter(member_number__in=numbers).prefetch_related(
                "resources"
            )
        }
        record = RegisterImport.objects.create(user=user, filename=filename[:255])
        changes, pending, updated_fields = [], [], set()
        new_rows = [row for row in rows if row.data["number"] not in existing]
        created, done, now = [], 0, timezone.now()
        for start in range(0, len(new_rows), CHUNK):  # chunks: progress at least every second
            chunk = new_rows[start : start + CHUNK]
            created += _create_members(chunk, user, now)
            done += len(chunk)
            if progress is not None:
                progress(done, len(rows))
        for row in new_rows:
            member, data = row.member, row.data
            changes.append(
                RegisterChange(
                    register_import=record,
                    member=member,
                    number=data["number"],
                    action=RegisterChange.CREATED,
                    changes={
                        key: ["", _display(getattr(member, key))] for key in FIELDS if key in data
                    }
                    | {"title": ["", member.title]},
                )
            )
        summary.created = len(created)
        for row in rows:
            data = row.data
            member = existing.get(data["number"])
            if member is not None:
                done += 1
                diff = {}
                if member.title != data["name"]:
                    diff["title"] = [member.title, data["name"]]
                    member.title = data["name"]
                for key in FIELDS:
                    if key in data and getattr(member, key) != data[key]:
                        diff[key] = [_display(getattr(member, key)), _display(data[key])]
                        setattr(member, key, data[key])
                moved = not member.path.startswith(data["college"].path) or (
                    member.depth != data["college"].depth + 1
                )
                if moved:
                    diff["college"] = [str(member.get_parent()), data["college"].title]
                    member.move(data["college"], pos="last-child")
                if diff:
                    pending.append(member)
                    updated_fields.update(key for key in diff if key != "college")
                    changes.append(
                        RegisterChange(
                            register_import=record,
                            member=member,
                            number=data["number"],
                            action=RegisterChange.UPDATED,
                            changes=diff,
                        )
                    )
                    summary.updated += 1
                else:
                    summary.unchanged += 1
                if len(pending) >= CHUNK:
                    _write_updates(pending, updated_fields)
                if progress is not None:
                    progress(done, len(rows))
        _write_updates(pending, updated_fields)
        RegisterChange.objects.bulk_create(changes, batch_size=500)
        record.created, record.updated, record.unchanged = (
            summary.created,
            summary.updated,
            summary.unchanged,
        )
        record.save(update_fields=["created", "updated", "unchanged"])
    summary.record = record
    return summary


def import_register(raw, filename, *, user, progress=None):
    """Read, validate and — only when every row is valid — write. Returns (summary, errors)."""
    rows, present = read_table(raw, filename)
    errors = validate(rows, present)
    if errors:
        return None, errors
    return apply(rows, present, user=user, filename=filename, progress=progress), []
