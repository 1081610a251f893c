"""A small rate limit on public forms, counted in the shared cache (Redis in production).

`too_many(request, scope, limit, window)` counts one attempt for the client's address and says
whether it went over `limit` attempts in the current `window` (seconds). The count lives in the
cache that every app server shares, so limits hold across workers and machines.
"""

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request):
    """The visitor's address. Behind `TRUSTED_PROXY_COUNT` reverse proxies, the address the
    nearest trusted proxy saw (X-Forwarded-For cannot be forged past it)."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def too_many(request, scope, limit, window):
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{client_ip(request)}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    return count > limit
