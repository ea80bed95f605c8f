"""Production settings as an operator meets them, each run in a fresh process.

The settings read the environment once, at import, so every case starts its own Python
with DJANGO_SETTINGS_MODULE=config.settings.production and only the variables it names.
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
# PostgreSQL and Redis as CI starts them; the maintenance database always exists.
PG_URL = os.environ.get(
    "PRODUCTION_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9")
REQUIRED = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]


def production_env(tmp_path, **variables):
    """A realistic production environment, nothing inherited but PATH; None removes one."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "columns.example.jp",
        "DATABASE_URL": PG_URL,
        "REDIS_URL": REDIS_URL,
    }
    env.update(variables)
    return {name: value for name, value in env.items() if value is not None}


def run_python(env, code, timeout=120):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def settings_json(env, code):
    """Set Django up under env and return the JSON that code prints last."""
    result = run_python(env, "import django, json\ndjango.setup()\n" + code)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def reachable(url, default_port):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def services():
    """PostgreSQL and Redis as production uses them; CI must have both."""
    missing = [
        name
        for name, url, port in (("PostgreSQL", PG_URL, 5432), ("Redis", REDIS_URL, 6379))
        if not reachable(url, port)
    ]
    if missing:
        reason = f"{' and '.join(missing)} not reachable for the production tests"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def error_lines(result):
    """The ImproperlyConfigured message, as the lines an operator reads at the end."""
    output = result.stderr
    marker = "django.core.exceptions.ImproperlyConfigured: "
    assert marker in output, output[-3000:]
    return output.split(marker, 1)[1].strip().splitlines()


def test_an_empty_environment_names_every_missing_variable_on_its_own_line(tmp_path):
    env = production_env(tmp_path, **dict.fromkeys(REQUIRED))
    result = run_python(env, "import django; django.setup()")
    assert result.returncode != 0
    lines = error_lines(result)
    assert lines[0] == "Production settings are incomplete; set these environment variables:"
    for name in REQUIRED:
        own = [line for line in lines if line.startswith(f"{name} is not set: ")]
        assert len(own) == 1, (name, lines)
        # Each line also says what to put there.
        assert len(own[0]) > len(f"{name} is not set: ") + 10
    assert len(lines) == 1 + len(REQUIRED)


def test_only_what_is_missing_is_named(tmp_path):
    env = production_env(tmp_path, REDIS_URL=None)
    lines = error_lines(run_python(env, "import django; django.setup()"))
    assert lines[1:] == [
        "REDIS_URL is not set: redis://HOST:6379/0, the cache shared by every app server."
    ]


def test_malformed_values_are_each_named(tmp_path):
    env = production_env(
        tmp_path,
        SECRET_KEY="short",
        DATABASE_URL="sqlite:////tmp/db.sqlite3",
        REDIS_URL="http://127.0.0.1:6379/0",
        CSRF_TRUSTED_ORIGINS="columns.example.jp",
        CLOUDFLARE_API_TOKEN="token-without-zone",
        DATABASE_CONN_MAX_AGE="forever",
    )
    lines = error_lines(run_python(env, "import django; django.setup()"))[1:]
    assert lines == [
        "SECRET_KEY is too weak: use 50 or more random characters.",
        "CSRF_TRUSTED_ORIGINS: 'columns.example.jp' needs its scheme, "
        "e.g. https://columns.example.jp.",
        "DATABASE_URL must point at PostgreSQL (postgres://…).",
        "REDIS_URL must be a redis://, rediss:// or unix:// URL.",
        "CLOUDFLARE_ZONEID is not set: Cloudflare purging needs both it and the other.",
    ]
    # A non-number where a number belongs is reported when PostgreSQL is configured.
    env.update(DATABASE_URL=PG_URL, SECRET_KEY=secrets.token_urlsafe(50))
    lines = error_lines(run_python(env, "import django; django.setup()"))[1:]
    assert "DATABASE_CONN_MAX_AGE must be a whole number, not 'forever'." in lines


def test_check_deploy_reports_no_issues(tmp_path):
    result = run_manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_database_and_cache_come_from_the_environment(tmp_path):
    env = production_env(
        tmp_path,
        DATABASE_URL="postgres://columns:pw@db.internal:5433/columns",
        REDIS_URL="redis://cache.internal:6379/2",
    )
    found = settings_json(
        env,
        "from django.conf import settings\n"
        "db = settings.DATABASES['default']\n"
        "print(json.dumps({'db': {k: db[k] for k in ('ENGINE', 'HOST', 'PORT', 'NAME', "
        "'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS', 'OPTIONS')}, 'cache': settings.CACHES['default'],"
        " 'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS,"
        " 'admin_url': settings.WAGTAILADMIN_BASE_URL}))",
    )
    assert found["db"] == {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "db.internal",
        "PORT": 5433,
        "NAME": "columns",
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 5},
    }
    assert found["cache"]["BACKEND"] == "config.cache.ResilientRedisCache"
    assert found["cache"]["LOCATION"] == "redis://cache.internal:6379/2"
    assert found["debug"] is False
    assert found["hosts"] == ["columns.example.jp"]
    assert found["admin_url"] == "https://columns.example.jp"


def csp_allows(source_list, url):
    """Does a CSP source list allow loading url? (scheme, host and wildcard host sources)"""
    parts = urlsplit(url)
    for source in source_list:
        if source == f"{parts.scheme}:":
            return True
        match = re.fullmatch(r"(https?)://(\*\.)?([^/:]+)", source)
        if not match or match.group(1) != parts.scheme:
            continue
        host = match.group(3)
        if parts.hostname == host or (match.group(2) and parts.hostname.endswith("." + host)):
            return True
    return False


MEDIA_PROBE = (
    "from django.conf import settings\n"
    "from django.core.files.storage import default_storage\n"
    "policy = settings.CONTENT_SECURITY_POLICY['DIRECTIVES']\n"
    "print(json.dumps({'backend': settings.STORAGES['default']['BACKEND'],"
    " 'url': default_storage.url('original_images/hero.jpg'),"
    " 'img_src': policy['img-src'], 'media_url': settings.MEDIA_URL}))"
)


def test_media_is_local_by_default(tmp_path):
    found = settings_json(production_env(tmp_path), MEDIA_PROBE)
    assert found == {
        "backend": "django.core.files.storage.FileSystemStorage",
        "url": "/media/original_images/hero.jpg",
        "img_src": ["'self'", "data:"],
        "media_url": "/media/",
    }


@pytest.mark.parametrize(
    ("variables", "expected_origin"),
    [
        (
            {"AWS_STORAGE_BUCKET_NAME": "gt-media", "AWS_S3_REGION_NAME": "ap-northeast-1"},
            "https://gt-media.s3.",
        ),
        (
            {"AWS_STORAGE_BUCKET_NAME": "gt-media", "AWS_S3_CUSTOM_DOMAIN": "media.example.jp"},
            "https://media.example.jp/media/",
        ),
        (
            {
                "AWS_STORAGE_BUCKET_NAME": "gt-media",
                "AWS_S3_ENDPOINT_URL": "https://objects.example-storage.jp",
            },
            "https://",
        ),
    ],
    ids=["aws", "custom-domain", "s3-compatible"],
)
def test_media_goes_to_s3_when_a_bucket_is_named_and_the_csp_allows_its_images(
    tmp_path, variables, expected_origin
):
    env = production_env(
        tmp_path, AWS_ACCESS_KEY_ID="AKIAEXAMPLE", AWS_SECRET_ACCESS_KEY="example", **variables
    )
    found = settings_json(env, MEDIA_PROBE)
    assert found["backend"] == "storages.backends.s3.S3Storage"
    # Unsigned URLs: a cached page must not hold links that expire.
    assert "X-Amz-Signature" not in found["url"] and "Signature=" not in found["url"]
    assert found["url"].startswith(expected_origin)
    assert found["url"].endswith("media/original_images/hero.jpg")
    assert csp_allows(found["img_src"], found["url"]), found


def test_no_frontend_cache_purging_unless_configured(tmp_path):
    found = settings_json(
        production_env(tmp_path),
        "from django.conf import settings\n"
        "from wagtail.contrib.frontend_cache.utils import get_backends\n"
        "print(json.dumps({'installed': 'wagtail.contrib.frontend_cache' in "
        "settings.INSTALLED_APPS, 'backends': sorted(get_backends())}))",
    )
    assert found == {"installed": False, "backends": []}


def test_cloudflare_and_cloudfront_purging_when_configured(tmp_path):
    env = production_env(
        tmp_path,
        CLOUDFLARE_API_TOKEN="cf-token",
        CLOUDFLARE_ZONEID="zone123",
        CLOUDFRONT_DISTRIBUTION_ID="E2EXAMPLE",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLE",
        AWS_SECRET_ACCESS_KEY="example",
        AWS_DEFAULT_REGION="us-east-1",
    )
    found = settings_json(
        env,
        "from django.conf import settings\n"
        "from wagtail.contrib.frontend_cache.utils import get_backends\n"
        "backends = get_backends()\n"
        "print(json.dumps({'installed': 'wagtail.contrib.frontend_cache' in "
        "settings.INSTALLED_APPS, 'backends': {name: type(b).__name__ for name, b in "
        "backends.items()}, 'zone': backends['cloudflare'].cloudflare_zoneid,"
        " 'token': backends['cloudflare'].cloudflare_token,"
        " 'distribution': backends['cloudfront'].cloudfront_distribution_id}))",
    )
    assert found == {
        "installed": True,
        "backends": {"cloudflare": "CloudflareBackend", "cloudfront": "CloudfrontBackend"},
        "zone": "zone123",
        "token": "cf-token",
        "distribution": "E2EXAMPLE",
    }


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    env = production_env(tmp_path)
    result = run_manage(env, "collectstatic", "--noinput")
    assert result.returncode == 0, result.stderr[-3000:]
    static_root = tmp_path / "var" / "static"
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    for name in (
        "columns/css/site.css",
        "columns/js/search-suggest.js",
        "glossary/js/popover.js",
        "wagtailadmin/css/core.css",
    ):
        hashed = manifest[name]
        assert re.fullmatch(re.escape(name.rsplit(".", 1)[0]) + r"\.[0-9a-f]{12}\.\w+", hashed)
        assert (static_root / hashed).is_file()
        assert (static_root / (hashed + ".gz")).is_file()
    # Templates link the hashed name, so browsers and CDNs may keep it forever.
    found = settings_json(
        env,
        "from django.templatetags.static import static\n"
        "print(json.dumps(static('columns/css/site.css')))",
    )
    assert found == "/static/" + manifest["columns/css/site.css"]


def test_gunicorn_refuses_to_start_with_the_missing_variables_named(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=None, DATABASE_URL=None)
    env["BIND"] = f"127.0.0.1:{free_port()}"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"]
        + ["config.wsgi"],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"^SECRET_KEY is not set: .+$", output, re.MULTILINE)
    assert re.search(r"^DATABASE_URL is not set: .+$", output, re.MULTILINE)
    assert "Booting worker" not in output


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_the_site_with_the_config_file(tmp_path, services):
    port = free_port()
    env = production_env(tmp_path, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="2")
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py"]
        + ["config.wsgi"],
        cwd=REPO_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(
                        f"http://127.0.0.1:{port}/healthz", headers={"Host": "columns.example.jp"}
                    ),
                    timeout=5,
                ) as response:
                    body = json.loads(response.read())
                    headers = response.headers
            except OSError:
                assert server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.3)
        assert body == {"database": "ok", "cache": "ok"}
        assert "no-store" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)
    output = (tmp_path / "gunicorn.log").read_text()
    assert output.count("Booting worker") == 2
    # One access log line per request, on stdout, with the time taken.
    assert re.search(r'"GET /healthz HTTP/1.1" 200 \d+ \d+us', output), output
    assert "control socket" not in output.lower()


def test_gunicorn_worker_count_and_bind_follow_the_environment():
    def load(**variables):
        code = (
            "import runpy, json\n"
            "c = runpy.run_path('config/gunicorn.conf.py')\n"
            "print(json.dumps({k: c.get(k) for k in ('bind', 'workers', 'preload_app', "
            "'max_requests', 'max_requests_jitter', 'accesslog', 'timeout')}))"
        )
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **variables}
        result = run_python(env, code)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    default = load()
    assert default["bind"] == "0.0.0.0:8000"
    assert default["workers"] == min(2 * os.cpu_count() + 1, 12)
    assert default["preload_app"] is True
    assert default["accesslog"] == "-"
    assert default["max_requests"] == 1000
    assert default["max_requests_jitter"] == 100
    assert default["timeout"] == 30
    assert load(PORT="9000")["bind"] == "0.0.0.0:9000"
    assert load(BIND="127.0.0.1:8001", PORT="9000")["bind"] == "127.0.0.1:8001"
    assert load(WEB_CONCURRENCY="3")["workers"] == 3
