"""Faults of the shared services: Redis going away, PostgreSQL restarting under load.

These stop and start the machine's Redis and PostgreSQL, as an operator or a
crash would; each test brings the service back even when it fails.
"""

import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.db import connections

from .conftest import redis_cli, redis_up, start_redis

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def redis_restored():
    yield
    if not redis_up():
        start_redis()


def cached_keys():
    return int(redis_cli("dbsize").stdout.strip() or 0)


def test_without_redis_pages_render_uncached_and_healthz_says_so(
    app_servers, make_column, redis_restored
):
    column = make_column(title="キャッシュなしでも読めるコラム")
    (server,) = app_servers(1)
    status, body, _ = server.get("/healthz")
    assert status == 200, (body, server.output())
    assert server.get(column.url)[0] == 200
    assert cached_keys() > 0

    redis_cli("shutdown", "nosave")
    assert not redis_up()
    for _ in range(3):
        status, html, _ = server.get(column.url)
        assert status == 200 and "キャッシュなしでも読めるコラム" in html
    status, body, _ = server.get("/healthz")
    assert status == 503
    report = json.loads(body)
    assert report["database"] == "ok"
    assert report["cache"] != "ok"

    start_redis()
    assert cached_keys() == 0
    # Within the backend's retry pause the server may still skip Redis.
    deadline = time.monotonic() + 10
    while cached_keys() == 0 and time.monotonic() < deadline:
        server.get(column.url)
        time.sleep(0.5)
    assert cached_keys() > 0, "caching did not resume after Redis came back"
    assert server.get("/healthz")[0] == 200


def postgres_cluster():
    versions = sorted(os.listdir("/etc/postgresql")) if Path("/etc/postgresql").is_dir() else []
    if not versions:
        pytest.fail("no PostgreSQL cluster under /etc/postgresql to restart")
    return versions[-1]


def test_postgresql_restart_under_load_costs_seconds_and_loses_nothing(app_servers, make_column):
    column = make_column(title="再起動の前に公開したコラム")
    (server,) = app_servers(1)
    paths = [column.url, "/healthz", "/search/?q=%E3%82%B3%E3%83%A9%E3%83%A0"]
    results = []  # (time, ok)
    stop = threading.Event()

    def load():
        i = 0
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            started = time.monotonic()
            try:
                status = server.get(path, timeout=10)[0]
                ok = status == 200
            except OSError:
                ok = False
            results.append((started, ok))
            time.sleep(0.02)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        restarted_at = time.monotonic()
        subprocess.run(
            [
                "pg_ctlcluster",
                "--skip-systemctl-redirect",
                postgres_cluster(),
                "main",
                "restart",
            ],
            check=True,
            timeout=120,
        )
        time.sleep(8)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
        # This process's own connection died with the server.
        connections.close_all()

    before = [ok for t, ok in results if t < restarted_at]
    assert before and all(before), "requests failed before the restart"
    failures = [t for t, ok in results if not ok]
    if failures:
        outage = max(failures) - restarted_at
        assert outage <= 5, f"requests kept failing for {outage:.1f} s after the restart"
    tail = [ok for t, ok in results if t > results[-1][0] - 3]
    assert tail and all(tail), "requests still failing at the end of the run"

    status, html, _ = server.get(column.url)
    assert status == 200 and "再起動の前に公開したコラム" in html
    column.refresh_from_db()
    assert column.live
