from django.conf import settings
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from columns import search_views
from columns.promo_views import promo_redirect
from config.api import api_router
from config.health import healthz

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Before Wagtail's catch-all: the site search and its title suggestions.
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    # Before Wagtail's catch-all: counts a click on a LINE promo, then redirects to LINE.
    path("promo/<int:promo_id>/go/", promo_redirect, name="line_promo_go"),
    # Before Wagtail's catch-all: database and cache check for load balancers.
    path("healthz", healthz, name="healthz"),
    # Before Wagtail's catch-all: the read-only JSON API (config/api.py).
    path("api/v2/", api_router.urls),
]

if settings.SERVE_MEDIA:
    # Development and tests only; production serves media from its storage.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [path("", include(wagtail_urls))]
