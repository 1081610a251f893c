"""The deployment guide says what keeps the limits and the cache safe in production."""

import re
from pathlib import Path

GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()


def test_gunicorn_listens_only_where_the_proxy_reaches_it():
    # Whoever reaches gunicorn directly writes their own X-Forwarded-For, and so escapes login
    # throttling and rate limits (TRUSTED_PROXY_COUNT trusts the right-most entries).
    commands = re.findall(r"`(gunicorn [^`]*)`", GUIDE)
    assert commands
    for command in commands:
        bind = re.search(r"--bind (\S+)", command)
        assert bind, command
        assert bind.group(1).startswith(("127.0.0.1:", "unix:")), command
    assert "0.0.0.0" not in GUIDE  # noqa: S104 (the address it must not bind)


def test_redis_has_a_memory_limit_with_an_lru_policy():
    assert re.search(r"maxmemory \d+[kmg]b", GUIDE, re.IGNORECASE)
    assert "maxmemory-policy allkeys-lru" in GUIDE
