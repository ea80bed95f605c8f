"""/healthz for load balancers and monitors: is the database there, is the shared cache there."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache():
    # The production backend turns an unreachable Redis into misses; its ping() raises.
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()
    # A fresh key each time: a value left over from an earlier check proves nothing.
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the cache did not return the value just stored")
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@require_safe
@never_cache
def healthz(request):
    """200 {"database": "ok", "cache": "ok"}; 503 naming what failed.

    Details (hosts, driver messages) go to the log, never into the response.
    """
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("healthz: %s check failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(results, status=200 if healthy else 503)
