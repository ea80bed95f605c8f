"""Test settings: fast hashing, in-memory media, real database from DATABASE_URL."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="columns-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SERVE_MEDIA = True
# Invalidation runs when a transaction commits, which tests only do on request; the
# tests of the page cache (tests/test_page_cache.py) switch it on.
PAGE_CACHE_ENABLED = False
