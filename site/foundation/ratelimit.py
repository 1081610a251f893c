"""A small rate limit on public forms, counted on an atomic counter shared by every server.

`too_many(request, scope, limit, window)` counts one attempt for the client's address and says
whether it went over `limit` attempts in the current `window` (seconds; windows are fixed,
aligned on the epoch).

The count is never kept in Django's cache: the file cache used without Redis deletes a random
third of its entries once it holds 300 (the page cache fills it), and its `incr` is a read then
a write, so parallel posts would race past the limit. Instead:

- with `RATE_LIMIT_REDIS_URL` (production sets it from `REDIS_URL`): Redis `SET NX EX` then
  `INCR` in one MULTI/EXEC transaction — the key expires with its window;
- otherwise the database: one `RateLimitCounter` row per key and window, incremented with an
  `UPDATE … SET count = count + 1` (the row stays locked until the count is read back), created
  on the first attempt (the unique constraint settles two first attempts at once). Rows of
  ended windows are deleted when a new row is made.
"""

import datetime
import time
from functools import lru_cache

import redis
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from .models import RateLimitCounter


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
    return count_attempt(f"{scope}:{client_ip(request)}", window) > limit


def count_attempt(key, window, now=None):
    """Count one attempt for `key` in the current window of `window` seconds; return the number
    of attempts in that window, this one included (1, 2, 3… each number given once)."""
    now = time.time() if now is None else now
    bucket = int(now // window)
    url = getattr(settings, "RATE_LIMIT_REDIS_URL", None)
    if url:
        return _count_in_redis(url, key, bucket, window)
    return _count_in_database(key, bucket, window)


@lru_cache
def redis_client(url):
    """One client (and connection pool) per URL for the process; safe across threads."""
    return redis.Redis.from_url(url)


def _count_in_redis(url, key, bucket, window):
    name = f"coopsite:ratelimit:{key}:{bucket}"
    with redis_client(url).pipeline(transaction=True) as pipe:
        pipe.set(name, 0, ex=window + 1, nx=True)  # the window's expiry, set once
        pipe.incr(name)
        _created, count = pipe.execute()
    return count


def _count_in_database(key, bucket, window):
    start = datetime.datetime.fromtimestamp(bucket * window, tz=datetime.UTC)
    rows = RateLimitCounter.objects.filter(key=key, window_start=start)
    created = False
    with transaction.atomic():
        if not rows.update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(
                        key=key,
                        window_start=start,
                        expires_at=start + datetime.timedelta(seconds=window),
                        count=1,
                    )
                created = True
            except IntegrityError:  # another first attempt made the row meanwhile
                rows.update(count=F("count") + 1)
        count = rows.values_list("count", flat=True).get()
    if created:
        RateLimitCounter.objects.filter(expires_at__lte=start).delete()
    return count
