"""Local development: SQLite unless DATABASE_URL is set, debug on, e-mails on the console."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
DEMO_DATA_ALLOWED = True  # load_demo refuses to run with any other settings
# WhiteNoise (base.py) finds static files where runserver does, without collectstatic.
WHITENOISE_USE_FINDERS = True
