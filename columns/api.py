"""Read-only headless API (Wagtail API v2): live columns and glossary terms only."""

from rest_framework import serializers
from rest_framework.fields import Field
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page

from .models import ColumnPage, ColumnSeriesIndexPage, ColumnTag


class SeriesField(Field):
    def to_representation(self, series):
        if series is None:
            return None
        return {"id": series.pk, "title": series.title, "slug": series.slug, "url": series.url}


class TagsField(Field):
    def to_representation(self, manager):
        return [{"name": tag.name, "slug": tag.slug} for tag in manager.all()]


class ColumnLinkListField(Field):
    def to_representation(self, columns):
        return [
            {
                "id": column.pk,
                "title": column.title,
                "publication_date": column.publication_date.isoformat(),
                "url": column.url,
            }
            for column in columns
        ]


class HeroField(Field):
    """Rendition URLs of the hero image in the sizes the site uses."""

    specs = {
        "og": "fill-1200x630|format-jpeg",
        "large": "fill-1440x810|format-webp",
        "medium": "fill-960x540|format-webp",
        "small": "fill-480x270|format-webp",
    }

    def to_representation(self, column):
        if not column.hero_image:
            return None
        return {
            "alt": column.hero_alt_text,
            "caption": column.hero_caption,
            "renditions": {
                name: ImageRenditionField(spec).to_representation(column.hero_image)
                for name, spec in self.specs.items()
            },
        }


class ColumnsAPIViewSet(PagesAPIViewSet):
    model = ColumnPage
    name = "columns"
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["series", "tag"])
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "publication_date",
        "lead",
        "series",
        "tags",
    ]

    def get_queryset(self):
        queryset = super().get_queryset()
        if slug := self.request.GET.get("series"):
            series = ColumnSeriesIndexPage.objects.filter(slug=slug).first()
            if series is None:
                raise BadRequestError("series not found")
            queryset = queryset.child_of(series)
        if slug := self.request.GET.get("tag"):
            tag = ColumnTag.objects.filter(slug=slug).first()
            if tag is None:
                raise BadRequestError("tag not found")
            queryset = queryset.filter(tags=tag)
        if "order" not in self.request.GET:
            queryset = queryset.order_by("-publication_date", "-pk")
        return queryset


class GlossaryTermsAPIViewSet(PagesAPIViewSet):
    name = "terms"
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "reading",
        "definition",
        "forms",
    ]

    @property
    def model(self):
        from glossary.models import GlossaryTermPage

        return GlossaryTermPage


def build_router():
    router = WagtailAPIRouter("api")
    router.register_endpoint("columns", ColumnsAPIViewSet)
    router.register_endpoint("terms", GlossaryTermsAPIViewSet)
    return router


__all__ = ["Page", "build_router", "serializers"]
