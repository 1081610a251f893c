"""Settings of the app servers started by test_two_servers.py: production, over plain HTTP.

The environment gives SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (the test database) and
REDIS_URL (the shared cache), as on a real server. Static files are found without
collectstatic, and e-mails stay in memory: the test is about the shared cache.
"""

from coopsite.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The test database's users were made with the tests' fast hasher.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
