"""Production: every secret and host-specific value comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma-separated), DATABASE_URL.
Optional: CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, SECURE_SSL_REDIRECT (default on),
MEDIA_ROOT and PRIVATE_MEDIA_ROOT (default var/media and var/private), TRUSTED_PROXY_COUNT
(reverse proxies in front of the site, default 1, see below), SECURE_HSTS_SECONDS (default one
year), REDIS_URL (the shared cache; files under CACHE_DIR, default var/cache, otherwise).
The site is expected behind a reverse proxy that terminates TLS, sets X-Forwarded-Proto and
appends the client's address to X-Forwarded-For.
"""

import os

from django.core.exceptions import ImproperlyConfigured

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
