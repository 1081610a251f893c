"""Benchmark: import a register of 5,000 members (issue 8 asks for under 30 s).

    export DATABASE_URL=sqlite:////tmp/coop-bench.sqlite3   # or, for PostgreSQL:
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/coop_bench
    .venv/bin/python bench/import_register.py

The database is migrated, given a directory with four colleges, then a generated file is
imported three times: the first run creates 5,000 members, the second finds nothing to change,
the third changes the shares of every member.
"""

import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopsite.settings.dev")
if "DATABASE_URL" not in os.environ:
    sys.exit("Set DATABASE_URL to a database the benchmark may fill (never production).")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from wagtail.models import Page  # noqa: E402

from governance.models import CollegePage, DirectoryPage, MemberPage  # noqa: E402
from governance.register import COLUMNS, import_register  # noqa: E402

ROWS = int(os.environ.get("BENCH_ROWS", 5000))
COLLEGES = [
    "Collège des salariés",
    "Collège des usagers",
    "Collège des fondateurs",
    "Collège des partenaires",
]


def setup():
    call_command("migrate", verbosity=0)
    root = Page.get_first_root_node()
    directory = DirectoryPage.objects.first()
    if directory is None:
        directory = DirectoryPage(title="Annuaire (banc d'essai)", slug="annuaire-banc")
        root.add_child(instance=directory)
    for index, title in enumerate(COLLEGES):
        if not CollegePage.objects.filter(title=title).exists():
            directory.add_child(instance=CollegePage(title=title, slug=f"college-banc-{index}"))
    user, _ = get_user_model().objects.get_or_create(username="banc-essai")
    return user


def generated_file(shares_offset=1):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([heading for _key, heading, _others in COLUMNS])
    for n in range(ROWS):
        writer.writerow(
            [
                f"B{n:05}",
                f"Structure {n}",
                COLLEGES[n % 4],
                "association",
                "bénéficiaires",
                str(shares_offset + n % 7),
                f"{1 + n % 28:02}/{1 + n % 12:02}/2021",
                "",
                "non",
                f"Territoire {n % 12}",
                "",
            ]
        )
    return out.getvalue().encode("cp1252")


def main():
    user = setup()
    MemberPage.objects.filter(member_number__startswith="B").delete()
    raw = generated_file()
    print(f"{connection.vendor}: {ROWS} rows, {len(raw) / 1024:.0f} KiB")
    runs = [
        ("first import (creates)", raw),
        ("second import (no change)", raw),
        ("third import (every row changes)", generated_file(shares_offset=2)),
    ]
    for label, raw in runs:
        started = time.perf_counter()
        summary, errors = import_register(raw, "banc.csv", user=user)
        elapsed = time.perf_counter() - started
        assert not errors, errors[:3]
        print(
            f"  {label}: {elapsed:.1f} s — {summary.created} created, "
            f"{summary.updated} updated, {summary.unchanged} unchanged"
        )


if __name__ == "__main__":
    main()
