"""Pagination that never fails on a reader's ?page= value."""

from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page=None):
    """Return the requested page; garbage gives the first, out of range the last."""
    paginator = Paginator(queryset, per_page or settings.COLUMNS_PER_PAGE)
    return paginator.get_page(request.GET.get("page"))
