"""/healthz: 200 when the database and the cache answer, 503 naming the one that does not."""

import json

import pytest
from django.test import override_settings

from tests.test_production import (
    production_env,
    run_python,
    services,  # noqa: F401 (fixture)
)

# A port nothing listens on: connections are refused at once.
CLOSED = "127.0.0.1:1"


def test_healthy(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "cache": "ok"}
    # Never kept by a browser, a CDN or the page cache.
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_head_is_answered_and_writes_are_refused(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
def test_the_cache_check_leaves_no_keys_behind(client, db):
    from django.core.cache import cache

    client.get("/healthz")
    client.get("/healthz")
    # LocMemCache keeps its keys in a dict, which the check must leave as it found it.
    assert not [key for key in cache._cache if "healthz" in key]


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://{CLOSED}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)
def test_redis_down_is_503_naming_the_cache(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}
    assert "no-store" in response["Cache-Control"]
    # Nothing about where the cache lives.
    assert b"127.0.0.1" not in response.content and b"redis" not in response.content


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://{CLOSED}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
)
def test_redis_down_is_seen_through_the_backend_that_hides_it_from_pages(client, db):
    from django.core.cache import cache

    # Pages get a miss, not an error ...
    assert cache.get("anything", "miss") == "miss"
    # ... while the health check names the cache.
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_a_cache_that_keeps_nothing_is_not_healthy(client, db):
    # The check reads back what it wrote; a cache that accepts writes and loses them fails.
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


# The database check in a real production process: PostgreSQL and Redis from the
# environment, one of them pointed at a closed port.
HEALTHZ = (
    "import django, json\n"
    "django.setup()\n"
    "from django.test import Client\n"
    "r = Client(HTTP_HOST='columns.example.jp').get('/healthz')\n"
    "print(json.dumps({'status': r.status_code, 'body': r.content.decode(),"
    " 'cache_control': r['Cache-Control'], 'location': r.get('Location')}))"
)


def production_healthz(tmp_path, **variables):
    # Plain HTTP on purpose: load balancers probe the app server directly.
    env = production_env(tmp_path, LOG_LEVEL="CRITICAL", **variables)
    result = run_python(env, HEALTHZ, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.usefixtures("services")
def test_production_healthy_over_plain_http(tmp_path):
    found = production_healthz(tmp_path)
    assert found["status"] == 200, found
    assert found["location"] is None  # not redirected to HTTPS
    assert json.loads(found["body"]) == {"database": "ok", "cache": "ok"}
    assert "no-store" in found["cache_control"]


@pytest.mark.usefixtures("services")
def test_production_database_down_is_503_naming_the_database(tmp_path):
    password = "pw-never-shown"
    found = production_healthz(
        tmp_path, DATABASE_URL=f"postgres://columns:{password}@{CLOSED}/columns"
    )
    assert found["status"] == 503
    assert json.loads(found["body"]) == {"database": "error", "cache": "ok"}
    assert password not in found["body"] and CLOSED not in found["body"]


@pytest.mark.usefixtures("services")
def test_production_redis_down_is_503_naming_the_cache(tmp_path):
    found = production_healthz(tmp_path, REDIS_URL=f"redis://:pw-never-shown@{CLOSED}/0")
    assert found["status"] == 503
    assert json.loads(found["body"]) == {"database": "ok", "cache": "error"}
    assert "pw-never-shown" not in found["body"]


def test_production_both_down(tmp_path):
    found = production_healthz(
        tmp_path,
        DATABASE_URL=f"postgres://postgres@{CLOSED}/postgres",
        REDIS_URL=f"redis://{CLOSED}/0",
    )
    assert found["status"] == 503
    assert json.loads(found["body"]) == {"database": "error", "cache": "error"}


def test_healthy_again_as_soon_as_redis_answers(client, db, redis_cache):
    from django.core.cache import cache

    # The state a worker is in right after an outage: calls skip Redis for a while.
    cache._down_until = float("inf")
    assert cache.get("anything", "missed") == "missed"
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    cache.set("after", "stored")
    assert cache.get("after") == "stored"
