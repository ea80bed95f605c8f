"""Django's Redis cache backend, made to degrade instead of fail.

Every page render reads the cache (page cache, glossary and promo versions). With
the stock backend a Redis outage would turn every page into a 500; here a call
that cannot reach Redis logs a warning and behaves as a miss, so readers get
uncached pages until Redis is back. After a failure, Redis is left alone for
``RETRY_AFTER`` seconds, so an outage does not cost a connection attempt per
call. ``/healthz`` still sees the outage: it asks :meth:`ping`, which raises.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis for every call, which with redis-py 8
    costs more than the round trip itself (it fills ~170 response callbacks each
    time); a redis.Redis is safe to share, so one per connection pool is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    RETRY_AFTER = 2.0  # seconds

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    def _call(self, name, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as error:
            if not self._down_until:
                logger.warning("Redis unreachable, serving without cache: %s", error)
            self._down_until = time.monotonic() + self.RETRY_AFTER
            return default
        finally:
            if self._down_until and time.monotonic() >= self._down_until:
                self._down_until = 0.0

    def validate_key(self, key):
        """Accept every key: Redis takes any.

        Django's check warns about keys memcached would refuse by walking every
        character of every key, on every call (a page-cache hit reads three keys).
        """

    def ping(self):
        """Raises when Redis cannot be reached (for health checks).

        A successful ping ends the retry pause: Redis is back, and a health check
        that went on to store and read a key must not be answered from the pause.
        """
        answer = self._cache.get_client(write=True).ping()
        self._down_until = 0.0
        return answer

    def add(self, *args, **kwargs):
        return self._call("add", False, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, *args, **kwargs):
        return self._call("set", None, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", False, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", {}, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", False, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._call("set_many", list(data), data, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", None, *args, **kwargs)

    def clear(self):
        return self._call("clear", False)
