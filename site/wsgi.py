"""WSGI entry point: `gunicorn coopsite.wsgi` (the project is installed in editable mode)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopsite.settings.production")

application = get_wsgi_application()
