"""App servers for scale-out and fault tests: gunicorn with the production
settings against the test database on PostgreSQL and a Redis database of its own.

These tests need PostgreSQL and Redis on 127.0.0.1; without them they are
skipped on a developer machine and fail under CI.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent.parent
REDIS_DB = 7  # flushed by these tests: keep it apart from anything else
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def redis_cli(*args, db=REDIS_DB):
    return subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "-n", str(db), *args],
        capture_output=True,
        text=True,
        timeout=10,
    )


def redis_up():
    try:
        return redis_cli("ping").stdout.strip() == "PONG"
    except (OSError, subprocess.TimeoutExpired):
        return False


def start_redis():
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379"]
        + ["--save", "", "--appendonly", "no"],
        check=True,
    )
    for _ in range(50):
        if redis_up():
            return
        time.sleep(0.1)
    raise RuntimeError("Redis did not come back")


@pytest.fixture(scope="session")
def services():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        unavailable("scale-out and fault tests need PostgreSQL: set DATABASE_URL")
    if not shutil.which("redis-cli") or not redis_up():
        unavailable("scale-out and fault tests need Redis on 127.0.0.1:6379")


@pytest.fixture(scope="session")
def static_root(services, tmp_path_factory):
    """collectstatic once, with the production storage (hashed, compressed)."""
    var_dir = tmp_path_factory.mktemp("appserver-var")
    env = server_env(var_dir, database_url="postgres://unused@127.0.0.1:5432/unused")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=REPO_DIR,
        env=env,
        check=True,
        timeout=300,
    )
    return var_dir


def server_database_url():
    from django.db import connection

    s = connection.settings_dict
    user = urllib.parse.quote(s["USER"] or "postgres")
    password = f":{urllib.parse.quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
    return f"postgres://{user}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def server_env(var_dir, database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=REDIS_URL,
        SECURE_SSL_REDIRECT="false",
        VAR_DIR=str(var_dir),
        WEB_CONCURRENCY="2",
        LOG_LEVEL="warning",
    )
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """One gunicorn, as a publisher would run it, plus a tiny HTTP client."""

    def __init__(self, var_dir, database_url):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed in stop())
            prefix="gunicorn-", suffix=".log", delete=False
        )
        env = server_env(var_dir, database_url)
        env["BIND"] = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=REPO_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.cookies = {}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
            try:
                self.request("GET", "/robots.txt")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not start:\n{self.output()}")

    def output(self):
        return Path(self.log.name).read_text(errors="replace")[-5000:]

    def request(self, method, path, data=None, timeout=10):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Host": "testserver"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        content = response.read().decode("utf-8", "replace")
        # Secure cookies are sent back by hand: these servers speak plain HTTP on loopback.
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, content, response.headers

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def login(self, username, password):
        status, html, _ = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        status, html, _ = self.request(
            "POST",
            "/admin/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert status == 302, (status, html[:2000])

    def csrf_token(self, path):
        status, html, _ = self.get(path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        os.unlink(self.log.name)


@pytest.fixture
def app_servers(services, static_root):
    """Start app servers on the test database; all share one Redis database."""
    redis_cli("flushdb")
    started = []

    def start(count=1, database_url=None):
        servers = [
            AppServer(static_root, database_url or server_database_url()) for _ in range(count)
        ]
        started.extend(servers)
        return servers

    yield start
    for server in started:
        server.stop()
    if redis_up():
        redis_cli("flushdb")
