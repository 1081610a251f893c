"""Settings of the load benchmark (bench/perf.py): production settings, plus a minimal view.

bench/perf.py sets the environment production needs (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL) and runs gunicorn with these settings on 127.0.0.1, over plain HTTP.
BENCH_CACHES=off measures the site without its page and fragment caches (the "before" table).
"""

import os

from coopsite.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

if os.environ.get("BENCH_CACHES") == "off":
    MIDDLEWARE = [  # noqa: F405
        m
        for m in MIDDLEWARE  # noqa: F405
        if m != "coopsite.foundation.page_cache.PageCacheMiddleware"
    ]
    CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}  # noqa: F405
DEMO_DATA_ALLOWED = True  # the benchmark loads the demo before its own data
