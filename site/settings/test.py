"""Test run (pytest-django): same as dev, with fast password hashing and no real e-mails."""

import tempfile
from pathlib import Path

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Uploaded files of the tests go to the system's temporary folder, not into the repository.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "coop-intranet-test-media"
PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / "coop-intranet-test-private"
WAGTAILADMIN_BASE_URL = "http://testserver"
