"""Settings shared by every environment (dev, test, production).

The project folder `site/` is imported as the package `coopsite` (see pyproject.toml).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PROJECT_DIR = Path(__file__).resolve().parent.parent  # site/
BASE_DIR = PROJECT_DIR.parent  # the repository

INSTALLED_APPS = [
    # The layers, bottom up (docs/architecture.md; `lint-imports` checks them): the foundation,
    # governance (the core), training and partnerships, then what assembles them all.
    "coopsite.foundation",
    "governance",
    "governance.assembly",
    "training",
    "partnerships",
    "coopsite.sitewide",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "simple_history",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",  # login throttling and the log of logins (see "Accounts" below)
    # Background tasks (see "Background tasks" below): the framework, and the queue's table.
    "django_tasks",
    "django_tasks_db",
    # Django 6 refuses Wagtail's PostgreSQL search table without it; harmless on 5.2.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app server itself, hashed names, gzip and brotli files made by
    # collectstatic, cached for a year by browsers (no separate web server to set up).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy and Permissions-Policy (coopsite/foundation/middleware.py).
    "coopsite.foundation.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Whole pages from the shared cache, public ones for anonymous visitors, some members' pages
    # per set of groups (coopsite/foundation/page_cache.py):
    # after every middleware that a cached page still needs (session, user, CSRF, messages).
    "coopsite.foundation.page_cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The admin's page views follow the site's view restrictions
    # (coopsite/foundation/middleware.py).
    "coopsite.foundation.middleware.AdminPagePrivacyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Must stay last: turns a refused login into the French lockout page
    # (coopsite.foundation.accounts).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "coopsite.urls"

# --- Security headers ---------------------------------------------------------------------
# The public site runs no inline script and loads nothing from elsewhere (JSON-LD blocks are
# data, not scripts). Wagtail's admin needs inline scripts and styles: it has its own policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "coopsite.wsgi.application"

# SQLite by default (nothing to install); PostgreSQL through psycopg 3 when DATABASE_URL is
# set, e.g. postgres://postgres@127.0.0.1:5432/coop
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: a transaction takes the write lock when it starts, so that
    # registrations for the last seats are counted one after the other (training.registration).
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The planner's default random_page_cost (4) dates from spinning disks: with the data on
    # SSD or in memory it scans every search index entry instead of using the GIN index
    # (twice slower searches in bench/search.py). 1.1 is PostgreSQL's usual advice for SSD.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c random_page_cost=1.1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages: French is the source, English a translation (wagtail-localize) -------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
# Files served by WhiteNoise at the site's root, without a hashed name: /favicon.ico, which
# browsers and crawlers ask for whatever the page says (the page itself links static/favicon.svg).
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"
# Documents are kept out of MEDIA_ROOT, in a folder no URL maps to (coopsite/foundation/storage.py):
# only Wagtail's document view, which checks their collection's privacy, reads them.
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "private"
STORAGES = {
    "default": {"BACKEND": "coopsite.foundation.storage.MediaStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# The cache holds sessions and the site structure (settings, view restrictions: see
# coopsite/foundation/structure_cache.py). Local memory is right for one process (runserver, tests);
# production shares it between workers (settings/production.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions read from the cache, written through to the database (one query less per request).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Accounts -----------------------------------------------------------------------------
# The site has its own French login page; Wagtail sends visitors of restricted pages there.
LOGIN_URL = "login"
# After login and logout, the site's views go back to the home page of the active language.
WAGTAIL_FRONTEND_LOGIN_URL = "login"
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "registration/login.html"

# Login throttling (django-axes) on every login form that calls authenticate() with the
# request: the site's (/fr/connexion/) and Wagtail's admin login. After 5 failures for one
# username from one IP address, that pair is refused, even with the right password, for 15
# minutes after its last attempt (an attempt during the lock starts the 15 minutes again);
# other accounts and other addresses are not affected. A successful login, or a password reset
# by e-mail, clears the count. Behind the production proxy the client address comes from
# X-Forwarded-For (settings/production.py).
AUTHENTICATION_BACKENDS = [
    # Must stay first. AxesBackend is AxesStandaloneBackend plus ModelBackend's get_user and
    # permissions, so that the first backend can also restore a user from the session (as
    # Wagtail's test helpers do with AUTHENTICATION_BACKENDS[0]); it authenticates no one.
    "axes.backends.AxesBackend",
    # Checks the password; sessions opened before axes keep this backend and stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
# Failures are counted in the database (AccessAttempt rows, updated under a row lock): shared by
# every server and never lost with the cache. Never axes' cache handler.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "coopsite.foundation.accounts.lockout_response"  # French page, status 429
# Every failure is kept (AccessFailureLog) beside every success (AccessLog): the superusers'
# report *Rapports › Connexions* lists both.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# --- Wagtail ------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "La Fabrique Commune"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# Wagtail's database search, with French and English stemming and accent folding on PostgreSQL
# (coopsite/foundation/search_backend.py; configurations made by migration coopsite.0004).
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "coopsite.foundation.search_backend",
        "SEARCH_CONFIG": "coop_french",
        "SEARCH_CONFIGS": {"fr": "coop_french", "en": "coop_english"},
    }
}
# Wagtail's login form leaves its password field unlabelled ("Password" on the French page).
WAGTAILADMIN_USER_LOGIN_FORM = "coopsite.foundation.accounts.AdminLoginForm"
# Documents always go through Wagtail's view, which applies the privacy of their *collection*
# (not of the pages that link to them): members-only documents live in restricted collections.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "ods",
    "odp",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
# Uploads (coopsite/foundation/uploads.py): documents up to 20 MB whose contents match their
# extension;
# images up to 10 MB and 40 million pixels, in formats browsers show (no SVG: it can carry
# scripts). Only the base name of an uploaded file is kept.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "coopsite.foundation.uploads.DocumentForm"
DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: members' e-mail hashes must not leave the site (and the network is closed).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# Names of the groups created by the data migration coopsite.0002.
GROUP_EDITORS = "Éditeurs"
GROUP_MEMBERS = "Sociétaires"
GROUP_COMMITTEE = "Comité de pilotage"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Public forms -------------------------------------------------------------------------
# Registrations for courses: at most 10 forms sent per hour from one address.
REGISTRATION_RATE_LIMIT = (10, 60 * 60)
# Requests for a new password (each sends an e-mail): at most 5 per hour from one address.
PASSWORD_RESET_RATE_LIMIT = (5, 60 * 60)
# Where those limits are counted (coopsite/foundation/ratelimit.py): Redis at this URL when set
# (production: REDIS_URL), else the database. Never Django's cache.
RATE_LIMIT_REDIS_URL = None
# Links sent by e-mail: cancelling works for a year (and never once the session is held);
# the confirmation page, which shows the name and e-mail given, for a day.
CANCEL_LINK_AGE = 366 * 24 * 60 * 60
REGISTRATION_DONE_LINK_AGE = 24 * 60 * 60
# Reverse proxies in front of the site whose X-Forwarded-For is trusted (production: 1).
TRUSTED_PROXY_COUNT = 0

# --- Background tasks: e-mails sent after commit by a worker --------------------------------
# E-mails (registrations: training/tasks.py; password reset: coopsite/foundation/tasks.py) and
# Wagtail's
# own chores (reference index...) are tasks of the `django_tasks` framework. By default they
# run at once, in the process that enqueues them (ImmediateBackend: dev and tests, where the
# e-mails still land in `mail.outbox`; a task that fails is logged, never raised). With
# TASKS_BACKEND=database they are written to a queue in the database (django_tasks_db) and
# sent by a worker: `python manage.py db_worker`. Production always uses the queue.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks_backend = os.environ.get("TASKS_BACKEND", "immediate").strip().lower()
if _tasks_backend not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND doit valoir {' ou '.join(TASK_BACKENDS)} (reçu : {_tasks_backend!r})."
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[_tasks_backend]}}
