"""Production: every secret and host-specific value comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma-separated), DATABASE_URL.
Optional: CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, SECURE_SSL_REDIRECT (default on),
MEDIA_ROOT and PRIVATE_MEDIA_ROOT (default var/media and var/private), TRUSTED_PROXY_COUNT
(reverse proxies in front of the site, default 1, see below), SECURE_HSTS_SECONDS (default one
year), REDIS_URL (the shared cache and the rate limits' counters; otherwise files under
CACHE_DIR, default var/cache, and counters in the database).
The site is expected behind a reverse proxy that terminates TLS, sets X-Forwarded-Proto and
appends the client's address to X-Forwarded-For.

E-mails (registrations, password reset) are never sent by the web request: they wait in a queue
in the database (django_tasks_db) until a worker sends them. Run one, beside the app server,
with the same settings and environment: ``python manage.py db_worker`` (it also runs Wagtail's
own background tasks). Finished tasks stay in the table ``django_tasks_database_dbtaskresult``:
a daily ``python manage.py prune_db_task_results --min-age-days 14 --failed-min-age-days 90``
removes the old ones (a failed e-mail is not retried; its traceback is kept there).
The mail server, from the environment (defaults in brackets):
EMAIL_HOST [localhost], EMAIL_PORT [587 with EMAIL_USE_TLS, else 25], EMAIL_HOST_USER and
EMAIL_HOST_PASSWORD [none: no authentication], EMAIL_USE_TLS [false; "true" for STARTTLS],
EMAIL_TIMEOUT [30 seconds], DEFAULT_FROM_EMAIL, the sender of the e-mails to users
[ne-pas-repondre@<the site's host name>], SERVER_EMAIL, the sender of error reports to the
administrators [DEFAULT_FROM_EMAIL].

Media on S3-compatible storage, shared by several app servers (coopsite/foundation/storage.py),
instead
of MEDIA_ROOT and PRIVATE_MEDIA_ROOT, when AWS_STORAGE_BUCKET_NAME is set:
- AWS_STORAGE_BUCKET_NAME: the bucket. Images and their renditions go under the prefix
  AWS_MEDIA_LOCATION (default "media"), public; documents under AWS_PRIVATE_LOCATION (default
  "private"), never public: they have no URL, Wagtail's view streams them after checking the
  privacy of their collection. The bucket's policy must allow anonymous s3:GetObject on
  "<bucket>/media/*" only (or set AWS_DEFAULT_ACL=public-read where the provider uses ACLs:
  documents are then written with the "private" ACL).
- AWS_S3_ENDPOINT_URL: the provider's endpoint, for S3-compatible services other than AWS
  (e.g. https://s3.fr-par.scw.cloud); AWS_S3_ADDRESSING_STYLE "path" or "virtual" if needed.
- AWS_S3_REGION_NAME: the bucket's region (e.g. eu-west-3, fr-par).
- AWS_S3_CUSTOM_DOMAIN (optional): the domain (a CDN) that serves the bucket's public files,
  e.g. media.example.org; image URLs point to it instead of the bucket.
- Credentials as boto3 reads them: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an
  instance role, AWS_PROFILE). They need s3:GetObject, PutObject, DeleteObject and ListBucket.
The origin of the public media is added to the Content-Security-Policy's img-src.
"""

import os
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured

from coopsite.foundation.storage import s3_media_settings

from .base import *  # noqa: F403

DEBUG = False


def _env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY doit être fourni par l'environnement (au moins 50 caractères aléatoires)."
    )

if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL doit être fourni par l'environnement.")

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS doit être fourni par l'environnement.")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# Uploaded files: images under MEDIA_ROOT (served by the web server at /media/); documents
# under PRIVATE_MEDIA_ROOT, which no URL may map to (only Wagtail's document view reads it).
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))  # noqa: F405
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "var" / "private"))  # noqa: F405

# --- Media on S3-compatible storage (AWS_STORAGE_BUCKET_NAME) -------------------------------
# Same public/private split as the folders above (coopsite.foundation.storage); see the docstring.
S3_MEDIA = s3_media_settings(os.environ)
if S3_MEDIA:
    STORAGES = {**STORAGES, "default": S3_MEDIA["storage"]}  # noqa: F405
    CONTENT_SECURITY_POLICY = {  # noqa: F405
        **CONTENT_SECURITY_POLICY,  # noqa: F405
        "DIRECTIVES": {
            **CONTENT_SECURITY_POLICY["DIRECTIVES"],  # noqa: F405
            "img-src": [
                *CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],  # noqa: F405
                *S3_MEDIA["media_origins"],
            ],
        },
    }
    ADMIN_CONTENT_SECURITY_POLICY = {  # noqa: F405
        **ADMIN_CONTENT_SECURITY_POLICY,  # noqa: F405
        "img-src": [*ADMIN_CONTENT_SECURITY_POLICY["img-src"], *S3_MEDIA["media_origins"]],  # noqa: F405
    }
# --- End of media on S3 --------------------------------------------------------------------

# Every worker must see the same cache: a session ended or a view restriction added in one
# worker must be gone from all of them at once. Local memory is never used here.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),  # noqa: F405
        }
    }

# Rate limits of public forms: atomic counters in Redis when there is one, else in the database
# (coopsite/foundation/ratelimit.py), never in the cache above (the file cache drops entries at
# random).
RATE_LIMIT_REDIS_URL = os.environ.get("REDIS_URL") or None

# Reverse proxies in front of the app servers (one by default): the visitor's address is the
# one the nearest proxy adds to X-Forwarded-For (rate limits of public forms, login throttling).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 1))

# HTTPS behind a proxy
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() != "false"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Login throttling (django-axes, see base.py) must count the visitor's address, not the
# proxy's. The proxy appends the address it received the request from to X-Forwarded-For
# (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), so the client is
# the right-most entry; anything to its left was sent by the client and can be forged.
# django-ipware counts the proxies listed after the client in that header: none when a single
# proxy stands in front of Django (TRUSTED_PROXY_COUNT - 1 for a chain of them);
# non-strict, it ignores the forged entries instead of refusing the whole header.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_PROXY_COUNT = max(TRUSTED_PROXY_COUNT - 1, 0)
IPWARE_STRICT = False

# --- E-mail: a queue in the database, sent by `manage.py db_worker` -------------------------
# A slow or failing mail server holds up the worker, never a request (see the docstring).
TASKS = {"default": {"BACKEND": TASK_BACKENDS["database"]}}  # noqa: F405


def _env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    return default if not value else value in ("1", "true", "yes", "on")


EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587 if EMAIL_USE_TLS else 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", 30))
_mail_domain = urlparse(WAGTAILADMIN_BASE_URL).hostname or ALLOWED_HOSTS[0].lstrip(".")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"ne-pas-repondre@{_mail_domain}")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
