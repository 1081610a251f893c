"""Rate limits of public forms (`coopsite.foundation.ratelimit`): an atomic counter in the
database, or in Redis when there is one; never in Django's cache."""

import os
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection

from coopsite.foundation import ratelimit
from coopsite.foundation.models import RateLimitCounter

HOUR = 3600
T0 = 1_800_000_000 // HOUR * HOUR  # the start of an hour


def test_the_database_counts_each_attempt_of_a_window_once(db):
    assert [ratelimit.count_attempt("form:192.0.2.1", HOUR, T0 + n) for n in range(3)] == [1, 2, 3]
    assert ratelimit.count_attempt("form:192.0.2.2", HOUR, T0 + 10) == 1  # another address
    assert ratelimit.count_attempt("other:192.0.2.1", HOUR, T0 + 10) == 1  # another form
    row = RateLimitCounter.objects.get(key="form:192.0.2.1")
    assert (row.count, row.window_start) == (3, datetime.fromtimestamp(T0, tz=UTC))
    # The next window starts again from 1, and the rows of ended windows go.
    assert ratelimit.count_attempt("form:192.0.2.1", HOUR, T0 + HOUR + 5) == 1
    assert list(RateLimitCounter.objects.values_list("key", "count")) == [("form:192.0.2.1", 1)]


def test_the_counts_do_not_live_in_the_cache(db):
    from django.core.cache import cache

    for _ in range(3):
        ratelimit.count_attempt("form:192.0.2.1", HOUR, T0)
        cache.clear()
    assert ratelimit.count_attempt("form:192.0.2.1", HOUR, T0) == 4


def test_counters_are_not_backed_up_and_do_not_block_a_restore(db):
    from coopsite.sitewide.backup import backup_models, existing_content

    ratelimit.count_attempt("form:192.0.2.1", HOUR)
    assert RateLimitCounter not in backup_models()
    assert existing_content() == []


def _production_setting(**environment):
    code = "import django; django.setup()\nfrom django.conf import settings\n"
    code += "print(settings.RATE_LIMIT_REDIS_URL, settings.AXES_HANDLER)\n"
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="coopsite.settings.production",
        SECRET_KEY="k" * 20 + "Zq8#vL2!pT9@wX4$" * 3,
        ALLOWED_HOSTS="intranet.example",
        DATABASE_URL="sqlite:///unused.sqlite3",
        **environment,
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_counts_in_redis_when_there_is_one_else_in_the_database():
    database_handler = "axes.handlers.database.AxesDatabaseHandler"
    assert _production_setting() == ["None", database_handler]
    assert _production_setting(REDIS_URL="redis://cache.internal:6379/0") == [
        "redis://cache.internal:6379/0",
        database_handler,
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_attempts_in_the_database_get_each_number_once():
    from django.db import connections

    barrier = threading.Barrier(20)
    counts, errors = [], []

    def worker():
        try:
            barrier.wait()
            counts.append(ratelimit.count_attempt("form:192.0.2.9", HOUR))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(counts) == list(range(1, 21))


# --- Redis ------------------------------------------------------------------------------------

REDIS_TEST_URL = os.environ.get("RATELIMIT_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def redis_limits(settings):
    """Counters in a Redis database of their own, emptied before and after."""
    import redis

    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        message = f"no Redis at {REDIS_TEST_URL}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: this test may not be skipped in CI", pytrace=False)
        pytest.skip(message)
    client.flushdb()
    settings.RATE_LIMIT_REDIS_URL = REDIS_TEST_URL
    yield client
    client.flushdb()


def test_redis_counts_each_attempt_of_a_window_once_and_forgets_it(redis_limits, db):
    counts = [ratelimit.count_attempt("form:192.0.2.1", HOUR, T0 + n) for n in range(3)]
    assert counts == [1, 2, 3]
    assert ratelimit.count_attempt("form:192.0.2.1", HOUR, T0 + HOUR) == 1
    keys = sorted(redis_limits.keys())
    assert len(keys) == 2
    assert all(0 < redis_limits.ttl(key) <= HOUR + 1 for key in keys)  # expire with the window
    assert not RateLimitCounter.objects.exists()  # nothing in the database


def test_parallel_attempts_in_redis_get_each_number_once(redis_limits):
    barrier = threading.Barrier(20)
    counts = []

    def worker():
        barrier.wait()
        counts.append(ratelimit.count_attempt("form:192.0.2.9", HOUR))

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 21))
