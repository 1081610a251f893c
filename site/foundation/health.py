"""`/sante/`: the health check of an app server, for the load balancer and the deployment.

200 when this process can read the database and write and read the shared cache, 503 (with
which one failed) otherwise. No session, no cookie, nothing cached, nothing about the data.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache():
    key, value = f"coop:health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    try:
        return cache.get(key) == value
    finally:
        cache.delete(key)


@never_cache
@require_safe
def health(request):
    checks = {}
    for name, check in [("database", _database), ("cache", _cache)]:
        try:
            checks[name] = "ok" if check() else "error"
        except Exception:  # any failure of the backend is a failed check, logged
            logger.exception("Health check failed: %s", name)
            checks[name] = "error"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
