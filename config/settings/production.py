"""Production: every secret and address comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL (the cache
shared by every app server: glossary and promo versions, cached pages). Whatever is
missing or malformed is reported at start in one ImproperlyConfigured, one line per
variable. Optional: CSRF_TRUSTED_ORIGINS, WAGTAILADMIN_BASE_URL, S3-compatible media
storage (AWS_STORAGE_BUCKET_NAME and friends), frontend cache purging (Cloudflare or
CloudFront), CSP_REPORT_URI, LOG_LEVEL. The README's Production section has the table.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ADMIN_CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY, INSTALLED_APPS

PROBLEMS = []


def env(name, default=""):
    return os.environ.get(name, default).strip()


def env_list(name):
    return [item.strip() for item in env(name).split(",") if item.strip()]


def env_int(name, default):
    value = env(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        PROBLEMS.append(f"{name} must be a whole number, not {value!r}.")
        return default


def require(name, what):
    value = env(name)
    if not value:
        PROBLEMS.append(f"{name} is not set: {what}.")
    return value


DEBUG = False

SECRET_KEY = require("SECRET_KEY", "50 or more random characters that sign sessions and tokens")
if SECRET_KEY and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    PROBLEMS.append("SECRET_KEY is too weak: use 50 or more random characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    require("ALLOWED_HOSTS", "the site's host names, comma-separated (www.example.jp)")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(origin).scheme not in ("http", "https"):
        PROBLEMS.append(
            f"CSRF_TRUSTED_ORIGINS: {origin!r} needs its scheme, e.g. https://{origin}."
        )

# Links in notification e-mails; the first plain host name when not given.
_plain_hosts = [host for host in ALLOWED_HOSTS if "*" not in host and not host.startswith(".")]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL") or (
    f"https://{_plain_hosts[0]}" if _plain_hosts else ""
)

# PostgreSQL with persistent connections, checked before each request reuses them so a
# database restart costs one failed check, not a failed request.
DATABASE_URL = require("DATABASE_URL", "postgres://USER:PASSWORD@HOST:5432/NAME")
if DATABASE_URL:
    if urlsplit(DATABASE_URL).scheme not in ("postgres", "postgresql", "pgsql"):
        PROBLEMS.append("DATABASE_URL must point at PostgreSQL (postgres://…).")
    else:
        DATABASES = {
            "default": dj_database_url.parse(
                DATABASE_URL,
                conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
                conn_health_checks=True,
            )
        }
        # Fail fast when the server is unreachable instead of hanging a worker.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
        )

# One cache for all app servers. A per-process cache would let two servers disagree
# (published on one, stale on the other), so Redis is required, not optional. The
# backend (config/cache.py) treats an unreachable Redis as a miss, so pages still render.
REDIS_URL = require("REDIS_URL", "redis://HOST:6379/0, the cache shared by every app server")
if REDIS_URL:
    if urlsplit(REDIS_URL).scheme not in ("redis", "rediss", "unix"):
        PROBLEMS.append("REDIS_URL must be a redis://, rediss:// or unix:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Short timeouts: a Redis outage must not hold every worker for long.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

# Static files: WhiteNoise serves what collectstatic wrote, with hashed names
# (cached forever by browsers and CDNs) and pre-compressed copies.
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ORIGINS = []

# Media: local files under VAR_DIR/media (served by the front web server) unless an
# S3-compatible bucket is named. Credentials come from the usual AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or the instance's role). Files are public and unsigned, so cached
# pages never hold expired links.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    s3_options = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "region_name": env("AWS_S3_REGION_NAME") or None,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN") or None,
        "location": env("AWS_LOCATION", "media"),
        "querystring_auth": False,
        "file_overwrite": False,
        "default_acl": env("AWS_DEFAULT_ACL") or None,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options}
    if s3_options["custom_domain"]:
        MEDIA_ORIGINS = [f"https://{s3_options['custom_domain']}"]
        MEDIA_URL = f"{MEDIA_ORIGINS[0]}/{s3_options['location']}/"
    elif s3_options["endpoint_url"]:
        # Path-style or virtual-hosted URLs on the S3-compatible service.
        endpoint = urlsplit(s3_options["endpoint_url"])
        MEDIA_ORIGINS = [
            f"{endpoint.scheme}://{endpoint.netloc}",
            f"{endpoint.scheme}://*.{endpoint.netloc}",
        ]
    else:
        region = s3_options["region_name"]
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if region:
            MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{region}.amazonaws.com")

# Frontend cache (CDN) purging when one is configured; Wagtail then purges a page's own
# URLs on publish and unpublish, and purge_urls_from_cache reaches the same backends.
WAGTAILFRONTENDCACHE = {}
CLOUDFLARE_API_TOKEN = env("CLOUDFLARE_API_TOKEN")
CLOUDFLARE_ZONEID = env("CLOUDFLARE_ZONEID")
if CLOUDFLARE_API_TOKEN or CLOUDFLARE_ZONEID:
    if not (CLOUDFLARE_API_TOKEN and CLOUDFLARE_ZONEID):
        missing = "CLOUDFLARE_ZONEID" if CLOUDFLARE_API_TOKEN else "CLOUDFLARE_API_TOKEN"
        PROBLEMS.append(f"{missing} is not set: Cloudflare purging needs both it and the other.")
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": CLOUDFLARE_API_TOKEN,
        "ZONEID": CLOUDFLARE_ZONEID,
    }
if env("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]

# HTTPS everywhere behind a TLS-terminating proxy that sets X-Forwarded-Proto. /healthz
# stays reachable over plain HTTP for load balancers probing the app server directly.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Images may come from the media bucket; CSP violation reports go where asked.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], *MEDIA_ORIGINS],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "img-src": [*ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], *MEDIA_ORIGINS],
    }
}
if env("CSP_REPORT_URI"):
    for policy in (CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY):
        policy["DIRECTIVES"]["report-uri"] = [env("CSP_REPORT_URI")]

# Everything to the console (gunicorn passes it to the process manager's log).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO").upper()},
}

if PROBLEMS:
    raise ImproperlyConfigured(
        "Production settings are incomplete; set these environment variables:\n"
        + "\n".join(PROBLEMS)
    )
