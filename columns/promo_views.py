"""The promo click redirect and the 「LINE登録クリック」 admin report."""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponseRedirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from .promos import LinePromo, LinePromoClick, normalise_line_url, record_click, showing_promo

# -- the click redirect ------------------------------------------------------------------------

# Crawlers, link previewers and scripts. "cubot" is a phone brand, not a bot.
BOT_USER_AGENT = re.compile(
    r"(?<!cu)bot|crawl|spider|slurp|mediapartners|facebookexternalhit|bingpreview|embedly|"
    r"headlesschrome|lighthouse|python-|curl/|wget/|go-http-client|java/|okhttp|scrapy|"
    r"httpclient|libwww|ia_archiver|feedfetcher|preview",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """No User-Agent at all counts as a bot too."""
    return not user_agent or bool(BOT_USER_AGENT.search(user_agent))


def referring_page_id(value):
    """The id in ?from= when it names a live page; None (“unknown page”) otherwise."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    page_id = int(value)
    return page_id if Page.objects.filter(pk=page_id, live=True).exists() else None


@require_safe
def promo_redirect(request, promo_id):
    """Count a reader's click, then 302 to the promo's stored LINE URL.

    The target is never taken from the request. Unknown, unpublished and
    expired promos answer 404; HEAD and bots are redirected without counting.
    """
    promo = showing_promo(promo_id)
    if promo is None:
        raise Http404
    try:
        # Checked again: a URL changed in the database behind the form is not followed.
        target = normalise_line_url(promo.url)
    except ValidationError:
        raise Http404 from None
    if request.method == "GET" and not is_bot(request.headers.get("User-Agent", "")):
        record_click(promo.pk, referring_page_id(request.GET.get("from")))
    response = HttpResponseRedirect(target)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# -- the report --------------------------------------------------------------------------------

REPORT_DAYS = 30


class ClickFilterSet(WagtailFilterSet):
    day = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    promo = django_filters.ModelChoiceFilter(
        label=_("LINE promo"), queryset=LinePromo.objects.order_by("name", "pk")
    )

    class Meta:
        model = LinePromoClick
        fields = []


@dataclass
class ClickRow:
    day: datetime.date
    promo_id: int
    promo: str
    clicks: int
    page_id: int | None = None
    page: str = ""


class LineClicksReportView(ReportView):
    """Clicks per promo per day in a period (the last 30 days unless chosen), with totals."""

    page_title = _("LINE friend-add clicks")
    header_icon = "mobile-alt"
    results_template_name = "columns/admin/line_clicks_results.html"
    index_url_name = "line_promo_clicks"
    index_results_url_name = "line_promo_clicks_results"
    filterset_class = ClickFilterSet
    permission_policy = ModelPermissionPolicy(LinePromo)
    permission_required = "change"
    paginate_by = 100
    columns = [
        Column("day", label=_("Date")),
        Column("promo", label=_("LINE promo")),
        Column("clicks", label=_("Clicks")),
    ]
    # The export has one row per day, promo and page, for finding which columns recruit.
    list_export = ["day", "promo_id", "promo", "page_id", "page", "clicks"]
    export_headings = {
        "day": _("Date"),
        "promo_id": _("Promo ID"),
        "promo": _("LINE promo"),
        "page_id": _("Page ID"),
        "page": _("Page"),
        "clicks": _("Clicks"),
    }

    @property
    def no_results_message(self):
        return _("No clicks in this period.")

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        data = kwargs["data"].copy()
        if not data.get("day_from") and not data.get("day_to"):
            today = timezone.localdate()
            data["day_from"] = (today - datetime.timedelta(days=REPORT_DAYS - 1)).isoformat()
            data["day_to"] = today.isoformat()
        kwargs["data"] = data
        return kwargs

    def get_filename(self):
        return f"line-clicks-{timezone.localdate():%Y-%m-%d}"

    def clicks(self):
        return self.filter_queryset(LinePromoClick.objects.all())

    def get_filtered_queryset(self):
        rows = (
            self.clicks()
            .values("day", "promo_id", "promo__name")
            .annotate(total=Sum("count"))
            .order_by("-day", "promo__name", "promo_id")
        )
        return [
            ClickRow(
                day=r["day"], promo_id=r["promo_id"], promo=r["promo__name"], clicks=r["total"]
            )
            for r in rows
        ]

    def export_rows(self):
        rows = (
            self.clicks()
            .values("day", "promo_id", "promo__name", "page_id", "page__title")
            .annotate(total=Sum("count"))
            .order_by("day", "promo__name", "promo_id", "page_id")
        )
        return [
            ClickRow(
                day=r["day"],
                promo_id=r["promo_id"],
                promo=r["promo__name"],
                clicks=r["total"],
                page_id=r["page_id"],
                page=r["page__title"] or "",
            )
            for r in rows
        ]

    def stream_csv(self, queryset):
        # A byte order mark, so Excel opens the Japanese names as UTF-8.
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.export_rows(), self.request.GET.get("export"))
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        totals = defaultdict(int)
        names = {}
        for row in self.object_list:
            totals[row.promo_id] += row.clicks
            names[row.promo_id] = row.promo
        context["promo_totals"] = sorted(
            ({"promo": names[pk], "clicks": clicks} for pk, clicks in totals.items()),
            key=lambda item: (-item["clicks"], item["promo"]),
        )
        context["grand_total"] = sum(totals.values())
        form = self.filters.form if self.filters else None
        period = form.cleaned_data.get("day") if form is not None and form.is_valid() else None
        context["period_start"] = period.start.date() if period and period.start else None
        context["period_end"] = period.stop.date() if period and period.stop else None
        return context
