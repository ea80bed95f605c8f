"""Settings shared by every environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE as _CSP_NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Local state (SQLite file, media, collected static); git-ignored.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "columns",
    "glossary",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    "config.middleware.HeadResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a cached page is served without touching session, CSRF or the database.
    "columns.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# One URL for every environment; with none set, an embedded SQLite file.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Public pages are in Japanese whatever the browser asks for (no LocaleMiddleware);
# each editor can still pick the admin's language in their account settings.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "config" / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
SERVE_MEDIA = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Security headers in every environment, so tests and the browser suite run under them.
# HSTS and secure cookies are production-only (config/settings/production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The admin takes its CSRF token from the page (wagtailConfig, form fields), never the cookie.
CSRF_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp, config/middleware.py). Public pages run no inline
# script: JSON-LD blocks are data, which script-src does not govern. The nonce is only added
# to the header when a template asks for request.csp_nonce; cached public pages must not.
# style-src allows inline styles: Wagtail's responsive embeds size themselves with style
# attributes and the static 500 page carries its own stylesheet.
_CSP_SELF, _CSP_NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF, _CSP_NONCE],
        "style-src": [_CSP_SELF, "'unsafe-inline'"],
        "img-src": [_CSP_SELF, "data:"],
        "font-src": [_CSP_SELF],
        "connect-src": [_CSP_SELF],
        # Embedded videos and posts are iframes from their providers.
        "frame-src": ["https:"],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": [_CSP_NONE],
    }
}
# Wagtail's admin (and with it every preview) still needs inline scripts; it is only
# reachable by signed-in staff. Previews are framed by the admin itself.
ADMIN_CSP_URL_PREFIXES = ["/admin/"]
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_CSP_SELF],
        "script-src": [_CSP_SELF, "'unsafe-inline'"],
        "style-src": [_CSP_SELF, "'unsafe-inline'"],
        # Embed thumbnails come from other hosts; Gravatar's avatar URLs are
        # scheme-relative, so plain http in development too.
        "img-src": [_CSP_SELF, "data:", "blob:", "https:", "www.gravatar.com"],
        "font-src": [_CSP_SELF, "data:"],
        "connect-src": [_CSP_SELF, "https://releases.wagtail.org"],
        "frame-src": [_CSP_SELF, "https:"],
        "object-src": [_CSP_NONE],
        "base-uri": [_CSP_SELF],
        "form-action": [_CSP_SELF],
        "frame-ancestors": [_CSP_SELF],
    }
}

WAGTAIL_SITE_NAME = "GLOBAL&TREND"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("ja", _("Japanese"))]
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Japanese-aware subclass of Wagtail's database backend, SQLite or PostgreSQL
# (columns/search_backend.py); SEARCH_CONFIG applies to PostgreSQL only.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "columns.search_backend", "SEARCH_CONFIG": "simple"},
}
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Japanese tag names keep their characters in slugs and URLs.
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_TAG_SPACES_ALLOWED = True

# Columns per page on series index and tag pages.
COLUMNS_PER_PAGE = 20

# Whole public pages for anonymous readers in the shared cache, dropped exactly when
# what they show changes (columns/page_cache.py, docs/CACHING.md). The timeout bounds
# both this cache and the CDN (s-maxage); browsers keep a page PAGE_CACHE_MAX_AGE seconds.
PAGE_CACHE_ENABLED = True
PAGE_CACHE_TIMEOUT = 60 * 60 * 24
PAGE_CACHE_MAX_AGE = 60
