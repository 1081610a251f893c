"""Load benchmark: the site under gunicorn with a large data set on PostgreSQL (issue 10).

    make bench        # or: .venv/bin/python bench/perf.py [--requests N] [--caches off]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/coop_bench: the
database is created, migrated and filled the first time, then reused), the load tools `ab`
and `wrk` (Debian packages `apache2-utils` and `wrk`) and, for the shared cache,
`redis-server` (Debian package `redis-server`; without it the cache is a folder of files
shared by the workers, as in production without REDIS_URL).

1. Data set (once): the demo, then 5 colleges with 2,000 members with offers and needs, 300
   decisions with the votes of every college, 200 courses with 800 sessions and 10,000
   registrations, 2,000 partnerships with 10 history entries each, 5,000 standard pages.
2. `collectstatic`, then gunicorn (2 × cores + 1 sync workers) on 127.0.0.1 with the
   production settings (bench/settings.py: plus a minimal view, over plain HTTP), static
   files by WhiteNoise.
3. For each URL, ApacheBench (`ab`, keep-alive) sends a fixed number of requests over 8
   connections: the home page, the
   catalogue, a course, the catalogue's iCalendar feed and the sitemap as an anonymous visitor;
   the directory, a college, a decision as a member and the partnerships list as a committee
   member (session cookie). In the same run, two references on the same server: a static file
   of the catalogue's size served by WhiteNoise, and a minimal Django view.
4. SQL queries per request are counted in this process (Django's test client on the same
   database and cache): on a page cache miss (the view itself) and once the caches are warm.
5. Prints the table (requests/s, p50/p95/p99, SQL, ratios to the references) and writes it
   to var/bench/perf-caches-<on|off>.txt; then `wrk` keeps 50 connections busy for 60 s over
   a mix of all the URLs (logged in and not), and every error is reported.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import time as clock
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
sys.path.insert(0, str(ROOT))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/coop_bench"
PORT = 8765
REDIS_PORT = 6391
CONNECTIONS = 8

MEMBERS = 2000
DECISIONS = 300
COURSES = 200
SESSIONS_PER_COURSE = 4
REGISTRATIONS = 10_000
PARTNERSHIPS = 2000
HISTORY_PER_PARTNERSHIP = 10
STANDARD_PAGES = 5000
WORDS = (  # noqa: SIM905 - a sentence is easier to read and edit than a list
    "coopérative formation assemblée collège vote sociétaire charte gouvernance bénévole "
    "association entreprise mécénat compétences territoire solidarité économie insertion "
    "emploi jardin recyclerie alimentation circuit local salle réunion matériel mutualisation "
    "comptabilité trésorerie subvention projet jeunesse culture quartier habitat énergie"
).split()


def sentence(rng, words=12):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per URL")
    parser.add_argument(
        "--caches",
        choices=["on", "off"],
        default="on",
        help="off: without the page and fragment caches (the 'before' measure)",
    )
    parser.add_argument("--soak-seconds", type=int, default=60)
    parser.add_argument("--soak-connections", type=int, default=50)
    return parser.parse_args()


def environment(caches):
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        BENCH_CACHES=caches,
        CACHE_DIR=str(VAR / "cache"),
        PYTHONPATH=str(ROOT),
    )
    return env


def create_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Database {name} created.")


# --- 1. Data set ----------------------------------------------------------------------------------


def fill():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Page

    from coopsite.foundation.bulk_pages import bulk_add_children
    from coopsite.foundation.models import HomePage, StandardPage
    from governance.models import (
        CollegePage,
        CollegeVote,
        DecisionIndexPage,
        DecisionPage,
        MemberKind,
        MemberPage,
        MemberResource,
        ResourceKind,
    )
    from partnerships.models import Partnership
    from training.models import (
        CoursePage,
        Registration,
        SessionDay,
        TrainingCatalogPage,
        TrainingSession,
    )

    call_command("migrate", verbosity=0)
    if not HomePage.objects.exists():
        call_command("load_demo", verbosity=0)
    if Page.objects.filter(slug="banc-pages").exists():
        print("Data set already there: reused.")
        return
    started = time.monotonic()
    rng = random.Random(10)  # noqa: S311 - generated data, not secrets
    owner = get_user_model().objects.filter(is_superuser=True).first()
    now = timezone.now()
    today = timezone.localdate()
    home = HomePage.objects.get(locale__language_code="fr")
    colleges = list(CollegePage.objects.filter(locale__language_code="fr").order_by("path"))
    assert len(colleges) == 5, "the demo has 5 colleges"
    with transaction.atomic():
        # Members, with offers and needs.
        members = []
        kinds = [value for value, _ in MemberKind.choices]
        for index, college in enumerate(colleges):
            pages = [
                MemberPage(
                    title=f"{rng.choice(WORDS).capitalize()} {index}-{number}",
                    slug=f"banc-membre-{index}-{number}",
                    kind=rng.choice(kinds),
                    description=sentence(rng, 25),
                    territory=rng.choice(["Val-de-Sarre", "Hautes-Côtes", "Pays de Sarre"]),
                    shares=rng.randint(1, 20),
                    admission_date=today - timedelta(days=rng.randint(30, 3000)),
                )
                for number in range(MEMBERS // len(colleges))
            ]
            members += bulk_add_children(college, pages, owner=owner, now=now)
        resource_kinds = [value for value, _ in ResourceKind.choices]
        MemberResource.objects.bulk_create(
            [
                MemberResource(
                    page=member,
                    direction=direction,
                    kind=rng.choice(resource_kinds),
                    title=sentence(rng, 3)[:-1],
                    details=sentence(rng, 10),
                    sort_order=order,
                )
                for member in members
                for order, direction in enumerate(["offer", "need", rng.choice(["offer", "need"])])
            ],
            batch_size=2000,
        )
        # Decisions with the votes of every college.
        decisions_index = DecisionIndexPage.objects.get(locale__language_code="fr")
        decisions = bulk_add_children(
            decisions_index,
            [
                DecisionPage(
                    title=f"Décision {number}: {sentence(rng, 5)[:-1]}",
                    slug=f"banc-decision-{number}",
                    body=rng.choice(["ago", "age", "board", "committee"]),
                    date=today - timedelta(days=number * 3),
                    number=f"BANC-{number:04d}",
                    text=f"<p>{sentence(rng, 40)}</p>",
                    status="adopted",
                )
                for number in range(DECISIONS)
            ],
            owner=owner,
            now=now,
        )
        CollegeVote.objects.bulk_create(
            [
                CollegeVote(
                    decision=decision,
                    college=college,
                    weight=college.weight,
                    weight_recorded=True,
                    votes_for=rng.randint(5, 40),
                    votes_against=rng.randint(0, 10),
                    abstentions=rng.randint(0, 5),
                    present=45,
                    members=MEMBERS // len(colleges),
                    sort_order=order,
                )
                for decision in decisions
                for order, college in enumerate(colleges)
            ],
            batch_size=2000,
        )
        # Courses, sessions with their days, registrations.
        catalog = TrainingCatalogPage.objects.get(locale__language_code="fr")
        courses = bulk_add_children(
            catalog,
            [
                CoursePage(
                    title=f"Formation {number} : {sentence(rng, 4)[:-1]}",
                    slug=f"banc-formation-{number}",
                    summary=sentence(rng, 20),
                    objectives=f"<p>{sentence(rng, 20)}</p>",
                    price_kind="free",
                    duration_hours=Decimal(7),
                    contact_name="Camille Banc",
                    contact_email="formations@exemple.org",
                )
                for number in range(COURSES)
            ],
            owner=owner,
            now=now,
        )
        sessions = []
        for course in courses:
            for number in range(SESSIONS_PER_COURSE):
                first = today + timedelta(days=10 + 20 * number + rng.randint(0, 9))
                sessions.append(
                    TrainingSession(
                        course=course,
                        place=rng.choice(["Maison des associations", "Tiers-lieu", ""]),
                        address="1 rue de la Coopération, Val-de-Sarre",
                        remote=number == 3,
                        capacity=rng.randint(10, 16),
                        registration_deadline=first - timedelta(days=3),
                        first_day=first,
                        last_day=first + timedelta(days=1),
                    )
                )
        sessions = TrainingSession.objects.bulk_create(sessions, batch_size=2000)
        SessionDay.objects.bulk_create(
            [
                SessionDay(
                    session=session,
                    date=session.first_day + timedelta(days=offset),
                    start_time=clock(9, 30),
                    end_time=clock(17, 0),
                    sort_order=offset,
                )
                for session in sessions
                for offset in range(2)
            ],
            batch_size=2000,
        )
        registrations = []
        for index, session in enumerate(sessions):
            count = REGISTRATIONS // len(sessions) + (index < REGISTRATIONS % len(sessions))
            for number in range(count):
                registrations.append(
                    Registration(
                        session=session,
                        name=f"Personne {session.pk}-{number}",
                        email=f"p{session.pk}-{number}@exemple.org",
                        consent=True,
                        status=(
                            Registration.CONFIRMED
                            if number < session.capacity
                            else Registration.WAITING
                        ),
                    )
                )
        Registration.objects.bulk_create(registrations, batch_size=2000)
        # Partnerships, 10 history entries each (the record's creation, then 9 changes).
        stages = ["idea", "contact", "negotiation", "signed", "running"]
        # The records' manager writes the history of bulk writes (partnerships/history.py).
        records = Partnership.objects.bulk_create(
            [
                Partnership(
                    title=f"Partenariat {number} : {sentence(rng, 4)[:-1]}",
                    kind=rng.choice(["patronage", "practices", "cooperation", "innovation"]),
                    stage="idea",
                    theme=rng.choice(WORDS),
                    territory="Val-de-Sarre",
                    objectives=sentence(rng, 30),
                    next_step=sentence(rng, 6),
                )
                for number in range(PARTNERSHIPS)
            ],
            batch_size=1000,
        )
        records = list(Partnership.objects.filter(title__startswith="Partenariat "))
        for step in range(1, HISTORY_PER_PARTNERSHIP):
            for record in records:
                record.stage = stages[min(step // 2, len(stages) - 1)]
                record.next_step = sentence(rng, 6)
            Partnership.objects.bulk_update(records, ["stage", "next_step"], batch_size=1000)
        # Standard pages, public, in one section.
        section = StandardPage(
            title="Pages du banc d’essai", slug="banc-pages", show_in_menus=False
        )
        home.add_child(instance=section)
        section.save_revision().publish()
        bulk_add_children(
            section,
            [
                StandardPage(
                    title=sentence(rng, 5)[:-1],
                    slug=f"banc-page-{number}",
                    intro=f"<p>{sentence(rng)}</p>",
                    body=[("paragraph", f"<p>{sentence(rng, 60)}</p>")],
                )
                for number in range(STANDARD_PAGES)
            ],
            owner=owner,
            now=now,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"Data set generated in {time.monotonic() - started:.0f} s.")


def counts():
    from wagtail.models import Page

    from governance.models import CollegePage, CollegeVote, DecisionPage, MemberPage
    from partnerships.models import Partnership
    from training.models import CoursePage, Registration, TrainingSession

    return {
        "colleges": CollegePage.objects.filter(locale__language_code="fr").count(),
        "members": MemberPage.objects.filter(locale__language_code="fr").count(),
        "decisions": DecisionPage.objects.filter(locale__language_code="fr").count(),
        "college votes": CollegeVote.objects.count(),
        "courses": CoursePage.objects.filter(locale__language_code="fr").count(),
        "sessions": TrainingSession.objects.count(),
        "registrations": Registration.objects.count(),
        "partnerships": Partnership.objects.count(),
        "partnership history entries": Partnership.history.count(),
        "pages": Page.objects.count(),
    }


# --- 2. Server ---------------------------------------------------------------------------------


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"Nothing answers on port {port} after {timeout} s.")


def start_redis(env):
    if env.get("REDIS_URL"):
        return None
    binary = shutil.which("redis-server")
    if binary is None:
        print("redis-server not found: the cache is a shared folder (FileBasedCache).")
        return None
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_for(REDIS_PORT)
    env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
    return process


def start_gunicorn(env, workers):
    log = open(VAR / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "coopsite.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--env",
            "DJANGO_SETTINGS_MODULE=bench.settings",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for(PORT)
    return process


# --- 3 and 4. Measures ----------------------------------------------------------------------------


def ab(path, requests, cookie=None, connections=CONNECTIONS):
    """ApacheBench: a fixed number of requests over `connections` connections (keep-alive)."""
    command = ["ab", "-q", "-k", "-n", str(requests), "-c", str(connections), "-s", "30"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{PORT}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603

    def number(label):
        match = re.search(rf"^\s*{re.escape(label)}:?\s+([\d.]+)", output, re.MULTILINE)
        return float(match.group(1)) if match else 0.0

    errors = number("Failed requests") + number("Non-2xx responses")
    return {
        "requests": int(number("Complete requests")),
        "rps": number("Requests per second"),
        "p50": number("50%"),
        "p95": number("95%"),
        "p99": number("99%"),
        "errors": int(errors),
    }


def session_cookie(username):
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.cached_db import SessionStore

    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def sql_per_request(path, cookie):
    """Queries of one request to `path`: on a page cache miss (the view itself, the site's
    structure already cached) and once the caches are warm."""
    from django.db import connection
    from django.test import Client

    from coopsite.foundation import page_cache

    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value

    def queries():
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return len(executed), response

    client.get(path)  # the site's structure, sessions…
    page_cache.invalidate()
    miss, _response = queries()
    warm, response = queries()
    return miss, warm, len(response.content)


def urls():
    from governance.models import CollegePage, DecisionPage, DirectoryPage
    from partnerships.models import PartnershipsIndexPage
    from training.models import CoursePage, TrainingCatalogPage

    fr = {"locale__language_code": "fr"}
    catalog = TrainingCatalogPage.objects.get(**fr)
    course = CoursePage.objects.filter(slug="banc-formation-100").first() or (
        CoursePage.objects.filter(**fr).first()
    )
    decision = DecisionPage.objects.filter(slug="banc-decision-150").first() or (
        DecisionPage.objects.filter(**fr).first()
    )
    return [
        ("home", "/fr/", "anonymous"),
        ("catalogue", catalog.url, "anonymous"),
        ("course", course.url, "anonymous"),
        ("ICS feed", catalog.url + "agenda/", "anonymous"),
        ("sitemap", "/sitemap.xml", "anonymous"),
        ("directory", DirectoryPage.objects.get(**fr).url, "member"),
        ("college", CollegePage.objects.filter(**fr).order_by("path").first().url, "member"),
        ("decision", decision.url, "member"),
        ("partnerships", PartnershipsIndexPage.objects.get(**fr).url, "committee"),
    ]


def fetch(path, cookie=None):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}")
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request) as response:  # noqa: S310
        return response.read()


def table(rows, static, minimal):
    head = (
        f"{'URL':<13} {'who':<10} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'SQL':>6} {'KB':>6} {'÷static':>8} {'÷view':>7} {'errors':>6}"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(
            f"{row['name']:<13} {row['who']:<10} {row['rps']:>7.0f} {row['p50']:>7.0f} "
            f"{row['p95']:>7.0f} {row['p99']:>7.0f} {row.get('sql', ''):>6} "
            f"{row.get('kb', 0):>6.1f} {row['rps'] / static['rps']:>7.0%} "
            f"{row['rps'] / minimal['rps']:>7.0%} {row['errors']:>6}"
        )
    return "\n".join(lines)


def main():
    args = parse_args()
    for tool, package in [("ab", "apache2-utils"), ("wrk", "wrk")]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed: apt-get install {package}")
    VAR.mkdir(parents=True, exist_ok=True)
    env = environment(args.caches)
    if not env["DATABASE_URL"].startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…")
    create_database(env["DATABASE_URL"])
    redis = start_redis(env)
    os.environ.update(env)

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    fill()
    print("Data:", ", ".join(f"{value} {name}" for name, value in counts().items()))
    cache.clear()
    call_command("collectstatic", interactive=False, verbosity=0)

    targets = urls()
    cookies = {"anonymous": None, "member": session_cookie("societaire")}
    cookies["committee"] = session_cookie("comite")
    sizes = {}
    for name, path, who in targets:
        sizes[name] = sql_per_request(path, cookies[who])
    catalogue_size = sizes["catalogue"][2]
    # The static reference: a file of the catalogue's size, collected like the others.
    from django.conf import settings

    reference = Path(settings.STATIC_ROOT) / "bench-reference.html"
    reference.write_bytes((b"<p>" + b"x" * 76 + b"</p>\n") * (catalogue_size // 84 + 1))

    workers = 2 * (os.cpu_count() or 1) + 1
    server = start_gunicorn(env, workers)
    try:
        for _name, path, who in targets:  # warm every worker (connections, caches)
            for _ in range(workers * 2):
                fetch(path, cookies[who])
        static = {"name": "static file", "who": "anonymous", "kb": reference.stat().st_size / 1024}
        static.update(ab("/static/bench-reference.html", args.requests))
        minimal = {"name": "minimal view", "who": "anonymous", "kb": 0.2}
        minimal.update(ab("/bench/minimal/", args.requests))
        rows = [static, minimal]
        for name, path, who in targets:
            miss, warm, size = sizes[name]
            row = {"name": name, "who": who, "sql": f"{miss}/{warm}", "kb": size / 1024}
            row.update(ab(path, args.requests, cookies[who]))
            rows.append(row)
            print(f"  {name:<13} {row['rps']:7.0f} req/s  p95 {row['p95']:6.0f} ms")
        report = table(rows, static, minimal)
        by_name = {row["name"]: row for row in rows}
        checks = [
            ("catalogue ≥ 30 % of static", by_name["catalogue"]["rps"] / static["rps"], 0.30),
            ("course ≥ 30 % of static", by_name["course"]["rps"] / static["rps"], 0.30),
            ("directory ≥ 25 % of view", by_name["directory"]["rps"] / minimal["rps"], 0.25),
            ("decision ≥ 25 % of view", by_name["decision"]["rps"] / minimal["rps"], 0.25),
        ]
        verdicts = [
            f"{label}: {ratio:.0%} {'met' if ratio >= target else 'NOT met'}"
            for label, ratio, target in checks
        ]
        # 50 connections for 60 s over a mix of every URL, some as a committee member (who
        # may open every members' page and the partnerships).
        mix = [path if who == "anonymous" else "@" + path for _, path, who in targets]
        mix += ["/static/bench-reference.html", "/bench/minimal/"]
        command = [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(args.soak_connections),
            "--duration",
            f"{args.soak_seconds}s",
            "--timeout",
            "10s",
            "--script",
            str(ROOT / "bench" / "wrk_mixed.lua"),
            f"http://127.0.0.1:{PORT}/",
            "--",
            cookies["committee"],
            *mix,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
        soak = json.loads(next(x for x in output.splitlines() if x.startswith("BENCH "))[6:])
        errors = sum(soak[k] for k in ("connect", "read", "write", "status", "timeout"))
        soak_line = (
            f"{args.soak_connections} connections, {args.soak_seconds} s, mixed URLs: "
            f"{soak['requests']} requests, {soak['requests'] / (soak['duration_us'] / 1e6):.0f} "
            f"req/s, p95 {soak['p95'] / 1000:.0f} ms, p99 {soak['p99'] / 1000:.0f} ms, "
            f"max {soak['max'] / 1000:.0f} ms, errors {errors} "
            f"(connect {soak['connect']}, read {soak['read']}, write {soak['write']}, "
            f"HTTP ≥ 400 {soak['status']}, timeout {soak['timeout']})"
        )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        if redis:
            redis.terminate()
    header = (
        f"bench/perf.py, caches {args.caches}, {args.requests} requests per URL over "
        f"{CONNECTIONS} connections, gunicorn {workers} sync workers, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}\n"
        f"Data: {', '.join(f'{v} {k}' for k, v in counts().items())}\n"
        "SQL: queries of one request on a page cache miss / once the caches are warm; "
        "÷static, ÷view: requests/s against the static file and the minimal view\n"
    )
    text = "\n".join([header, report, "", *verdicts, "", soak_line, ""])
    print()
    print(text)
    out = VAR / f"perf-caches-{args.caches}.txt"
    out.write_text(text)
    print(f"Written to {out}")


if __name__ == "__main__":
    main()
