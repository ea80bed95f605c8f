"""Read-only JSON API (Wagtail API v2) at /api/v2/: columns and glossary terms.

Only live pages without view restrictions are served, to everyone alike: a
logged-in editor or a reader who unlocked a password-protected page gets the
same answers as anyone else, so an answer never depends on who asks.
The fields come from each model's ``api_fields``.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2 import filters
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Site

from columns.models import ColumnPage, ColumnPageTag, ColumnSeriesIndexPage, ColumnTag
from glossary.models import GlossaryTermPage


def _query_value(request, name):
    value = request.GET.get(name)
    if value is not None and "\x00" in value:
        # PostgreSQL rejects NUL in a query parameter with an error, not an empty result.
        raise BadRequestError(f"{name} must not contain null characters")
    return value


class FieldsFilter(filters.FieldsFilter):
    """Wagtail's ?<field>=<value> filters, with a bad date a 400 rather than a 500."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except ValidationError as e:
            raise BadRequestError("field filter error: " + " ".join(e.messages)) from e


class SeriesFilter(BaseFilterBackend):
    """?series=<id or slug>: the columns of one live, public series of the site."""

    def filter_queryset(self, request, queryset, view):
        value = _query_value(request, "series")
        if value is None:
            return queryset
        candidates = view.get_base_queryset().type(ColumnSeriesIndexPage)
        series = None
        if value.isascii() and value.isdigit():
            series = candidates.filter(pk=int(value)).first()
        if series is None:
            series = candidates.filter(slug=value).first()
        if series is None:
            # Drafts and private series are as unknown as series that do not exist.
            raise BadRequestError(f"series not found: {value}")
        return queryset.child_of(series)


class TagFilter(BaseFilterBackend):
    """?tag=<slug or name>: columns with that tag; an unknown tag matches nothing."""

    def filter_queryset(self, request, queryset, view):
        value = _query_value(request, "tag")
        if value is None:
            return queryset
        tags = ColumnTag.objects.filter(Q(slug=value) | Q(name__iexact=value))
        tagged = ColumnPageTag.objects.filter(tag__in=tags).values("content_object_id")
        return queryset.filter(pk__in=tagged)


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Pages of one model, live and public only, for anonymous and logged-in alike."""

    authentication_classes = []
    filter_backends = [
        FieldsFilter if backend is filters.FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]
    # ?type= would swap the endpoint's model for another one: each endpoint has one.
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"type"}

    def get_base_queryset(self):
        # Wagtail asks for it several times a request; each reads the restrictions.
        if not hasattr(self, "_base_queryset"):
            try:
                queryset = super().get_base_queryset()
            except Site.DoesNotExist as e:
                # ?site= naming no site: Wagtail lets this through as a server error.
                raise BadRequestError("site not found") from e
            self._base_queryset = queryset.public()
        return self._base_queryset

    def get_queryset(self):
        return (
            self.model.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            .select_related("locale")
            .order_by("path")
        )


class ColumnsAPIViewSet(PublicPagesAPIViewSet):
    name = "columns"
    model = ColumnPage
    filter_backends = [SeriesFilter, TagFilter, *PublicPagesAPIViewSet.filter_backends]
    # SearchFilter stays last: search results cannot be filtered further.
    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters | {"series", "tag"}
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "publication_date",
        "lead",
        "series",
        "tags",
        "hero_image_thumbnail",
    ]
    # One query or more per column: only on a single column.
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "body", "back_numbers"]

    def get_queryset(self):
        # Newest first, as on the site; ?order= still overrides it.
        return ColumnPage.listing(super().get_queryset())

    def paginate_queryset(self, queryset):
        columns = list(super().paginate_queryset(queryset))
        # Each column would look its series up on its own: fetch them in one query.
        parent_paths = {column.path[: -column.steplen] for column in columns}
        series = ColumnSeriesIndexPage.objects.filter(path__in=parent_paths).in_bulk(
            field_name="path"
        )
        for column in columns:
            column.series = series.get(column.path[: -column.steplen])
        return columns


class TermsAPIViewSet(PublicPagesAPIViewSet):
    name = "terms"
    model = GlossaryTermPage
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "reading",
        "definition",
        "forms",
    ]
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "body", "mentioned_in"]

    def get_queryset(self):
        # Hiragana readings sort in 五十音 order; terms without one (Latin) first.
        return (
            super()
            .get_queryset()
            .order_by("reading", "title", "pk")
            .prefetch_related("other_forms")
        )


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("columns", ColumnsAPIViewSet)
api_router.register_endpoint("terms", TermsAPIViewSet)
