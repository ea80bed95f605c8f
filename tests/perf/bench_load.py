"""Load and scale benchmarks against gunicorn (run on demand; not collected by pytest).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python tests/perf/bigsite.py          # once: builds columns_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/columns_load \
    REDIS_URL=redis://127.0.0.1:6379/3 \
        .venv/bin/python tests/perf/bench_load.py [--duration 60] [--connections 50]

Needs wrk (Debian package ``wrk``). Everything runs on loopback; the Redis
database given is flushed. Measures, on the large site bigsite.py builds:

1. Queries per page on a cold cache (column, series index, tag page, term page).
2. ``rebuild_glossary``: every live column scanned against every term.
3. gunicorn with the production settings and config/gunicorn.conf.py; wrk with
   --connections connections for --duration seconds against
   a. a column page served from the page cache,
   b. the same HTML as a static file through the same stack (WhiteNoise),
   and the ratio of their requests per second; errors counted.
4. Cold column pages: the page cache flushed, --cold distinct columns requested
   one after another; median and p95 latency.
5. Resident memory of each gunicorn worker after all that.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PORT = 8771


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def server_env(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        VAR_DIR=str(var_dir),
        LOG_LEVEL="warning",
        BIND=f"127.0.0.1:{PORT}",
        GUNICORN_MAX_REQUESTS="0",
    )
    return env


def get(path: str) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Host": "localhost"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    return response.status, body, elapsed


def wait_for_server(process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            sys.exit("gunicorn exited during start")
        try:
            get("/healthz")
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("gunicorn did not start")


def wrk(url: str, connections: int, duration: int) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-H",
            "Host: localhost",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(map(int, m.groups()))
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    return {"rps": rps, "requests": total, "errors": errors, "p99": p99}


def worker_rss(master_pid: int) -> list[int]:
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) // 1024)
    return sizes


def in_process_measures(column_paths: list[str]) -> dict:
    """Query counts on a cold cache and the mention rebuild, in this process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from columns.models import ColumnPage, ColumnSeriesIndexPage, ColumnTag
    from glossary import linking
    from glossary.models import GlossaryMention, GlossaryTermPage

    started = time.perf_counter()
    columns, mentions = linking.rebuild_all()
    rebuild = time.perf_counter() - started

    column = ColumnPage.objects.live().order_by("pk")[len(column_paths) // 2]
    series = ColumnSeriesIndexPage.objects.first()
    tag = ColumnTag.objects.filter(tagged_columns__isnull=False).first()
    term = GlossaryTermPage.objects.filter(
        pk__in=GlossaryMention.objects.values("term_id")[:1]
    ).first()
    pages = {
        "column page": column.url,
        "series index": series.url,
        "tag page": f"/tags/{tag.slug}/",
        "term page": term.url,
    }
    client = Client(HTTP_HOST="localhost")
    neighbourhood = neighbourhood_query_ms(column)
    counts = {}
    for label, url in pages.items():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[label] = len(queries)
    return {
        "rebuild_s": rebuild,
        "rebuild_columns": columns,
        "rebuild_mentions": mentions,
        "terms": GlossaryTermPage.objects.live().count(),
        "queries": counts,
        "column_url": column.url,
        "neighbourhood_ms": neighbourhood,
    }


def neighbourhood_query_ms(column, runs: int = 20) -> tuple[float, float]:
    """(min, median) execution time of a column's back numbers query, from EXPLAIN ANALYZE.

    The database's own time for the one query that grows with the series; its
    minimum over the runs approaches the figure on an idle machine.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        column.neighbourhood()
    sql = queries.captured_queries[-1]["sql"]
    times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute("EXPLAIN (ANALYZE) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            times.append(float(re.search(r"Execution Time: ([\d.]+)", plan).group(1)))
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--cold", type=int, default=300)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the database bigsite.py built (columns_load).")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL, e.g. redis://127.0.0.1:6379/3 (it is flushed).")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk).")

    import psycopg

    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        column_paths = [
            row[0]
            for row in conn.execute(
                "SELECT url_path FROM wagtailcore_page p JOIN columns_columnpage c "
                "ON c.page_ptr_id = p.id WHERE p.live ORDER BY p.id"
            )
        ]
    # url_path is /home/series-1/c00001/; the site root is /home/.
    column_paths = ["/" + p.split("/", 2)[2] for p in column_paths]
    print(f"{len(column_paths):,} live columns", flush=True)

    measures = in_process_measures(column_paths)
    print(f"rebuild_glossary: {measures['rebuild_s']:.1f} s", flush=True)
    print(f"queries on a cold cache: {measures['queries']}", flush=True)
    print(f"load average: {load_average()}", flush=True)

    var_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = server_env(var_dir)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(["redis-cli", "-u", os.environ["REDIS_URL"], "flushdb"], check=True)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_server(server)
        column_url = measures["column_url"]
        status, html, _ = get(column_url)
        assert status == 200, status
        # The same bytes as a static file through the same stack: WhiteNoise reads
        # STATIC_ROOT at start, so a second server is started with the file in place.
        (var_dir / "static" / "bench").mkdir(parents=True, exist_ok=True)
        (var_dir / "static" / "bench" / "column.html").write_bytes(html)
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        server = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
        )
        wait_for_server(server)
        assert get("/static/bench/column.html")[0] == 200

        # 4. cold pages first, while the page cache is empty
        subprocess.run(["redis-cli", "-u", os.environ["REDIS_URL"], "flushdb"], check=True)
        get(column_paths[0])  # each worker's glossary automaton is built once; warm one
        step = max(1, len(column_paths) // args.cold)
        cold = []
        for path in column_paths[1::step][: args.cold]:
            status, _, elapsed = get(path)
            assert status == 200, (path, status)
            cold.append(elapsed * 1000)

        # 3. cached page and static file under load
        for _ in range(3):
            get(column_url)
        cached = wrk(f"http://127.0.0.1:{PORT}{column_url}", args.connections, args.duration)
        static = wrk(
            f"http://127.0.0.1:{PORT}/static/bench/column.html", args.connections, args.duration
        )
        rss = worker_rss(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        shutil.rmtree(var_dir, ignore_errors=True)

    ratio = cached["rps"] / static["rps"]
    print()
    print(f"data: {len(column_paths):,} columns, {measures['terms']:,} terms")
    print(
        f"rebuild_glossary: {measures['rebuild_s']:.1f} s for {measures['rebuild_columns']:,} "
        f"columns ({measures['rebuild_mentions']:,} mentions)"
    )
    for label, count in measures["queries"].items():
        print(f"queries, cold cache, {label}: {count}")
    fastest, median = measures["neighbourhood_ms"]
    print(
        f"back numbers query (EXPLAIN ANALYZE, 20 runs): "
        f"min {fastest:.1f} ms, median {median:.1f} ms"
    )
    print(
        f"cached column page: {cached['rps']:.0f} req/s, {cached['requests']:,} requests, "
        f"{cached['errors']} errors, p99 {cached['p99']}"
    )
    print(
        f"static file (same HTML): {static['rps']:.0f} req/s, {static['requests']:,} requests, "
        f"{static['errors']} errors, p99 {static['p99']}"
    )
    print(f"cached / static: {ratio:.0%}")
    print(
        f"cold column pages ({len(cold)}): median {statistics.median(cold):.1f} ms, "
        f"p95 {p95(cold):.1f} ms"
    )
    print(f"worker RSS after the runs (MB): {rss}")
    print(f"load average at the end: {load_average()}")
    checks = [
        (max(measures["queries"].values()) <= 15, "at most 15 queries per page, cold"),
        (measures["rebuild_s"] <= 60, "mention rebuild <= 60 s"),
        (ratio >= 0.5, "cached page >= 50% of the static file's requests per second"),
        (cached["errors"] == 0, f"0 errors at {args.connections} connections"),
        (p95(cold) <= 100, "cold column page p95 <= 100 ms"),
        (max(rss) <= 250, "worker RSS <= 250 MB"),
    ]
    for ok, label in checks:
        print(f"[{'met' if ok else 'NOT MET'}] {label}")


if __name__ == "__main__":
    main()
