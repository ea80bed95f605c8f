"""Columns in the Wagtail admin: the LINE promo snippet screens and click report, the
editors' dashboard panels, and the edit form's glossary check."""

from django.db.models import OuterRef, Subquery
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    PageChooserPanel,
    PublishingPanel,
)
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.models import Revision
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_panels
from .admin_views import DraftTermsOnCreate, DraftTermsOnEdit
from .promo_views import LineClicksReportView
from .promos import LinePromo


def _when(moment):
    # As Wagtail's side panels print a schedule: the user's time zone, DATETIME_FORMAT.
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class PromoStatusColumn(Column):
    """Whether readers see the promo now, as a Wagtail status tag, and when that changes."""

    cell_template_name = "columns/admin/promo_status_cell.html"
    labels = {
        "live": _("Live now"),
        "scheduled": _("Scheduled"),
        "draft": _("Draft"),
        "finished": _("Finished"),
    }

    def __init__(self, **kwargs):
        super().__init__("reader_status", label=_("Status"), **kwargs)

    def details(self, promo, state, scheduled_at):
        if state == "live":
            lines = []
            if promo.expire_at:
                lines.append(gettext("until %(end)s") % {"end": _when(promo.expire_at)})
            if scheduled_at:
                lines.append(
                    gettext("changes scheduled for %(start)s") % {"start": _when(scheduled_at)}
                )
            elif promo.has_unpublished_changes:
                lines.append(gettext("unpublished changes"))
            return lines
        if state == "scheduled":
            # A live row with a future go_live_at starts then; otherwise the approved revision.
            start = _when(promo.go_live_at if promo.live else scheduled_at)
            if promo.expire_at:
                end = _when(promo.expire_at)
                return [gettext("%(start)s to %(end)s") % {"start": start, "end": end}]
            return [gettext("from %(start)s") % {"start": start}]
        if state == "finished" and promo.expire_at:
            return [gettext("ended %(end)s") % {"end": _when(promo.expire_at)}]
        return []

    def get_value(self, instance):
        return instance.reader_status(timezone.now(), instance.scheduled_go_live_at)

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        state = context["raw_value"]
        context.update(
            label=self.labels[state],
            primary=state == "live",
            details=self.details(instance, state, instance.scheduled_go_live_at),
        )
        return context


class LinePromoViewSet(SnippetViewSet):
    model = LinePromo
    icon = "mobile-alt"
    menu_label = _("LINE promos")
    menu_name = "line-promos"
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "name",
        PromoStatusColumn(),
        "placement_summary",
        "priority",
        "weight",
        UpdatedAtColumn(label=_("Updated")),  # the default label is translated at import
    ]
    list_filter = ["placement", "live"]
    search_fields = ["name", "heading"]
    search_backend_name = None  # plain database lookups; promos are few

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldPanel("heading"),
                FieldPanel("body"),
                FieldRowPanel([FieldPanel("button_label"), FieldPanel("line_id")]),
                FieldPanel("url"),
                FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")]),
            ],
            heading=_("Content"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("placement"),
                PageChooserPanel("series", page_type="columns.ColumnSeriesIndexPage"),
                FieldPanel("tag"),
                MultipleChooserPanel(
                    "placement_columns",
                    chooser_field_name="column",
                    heading=_("Specific columns"),
                    label=_("Column"),
                ),
            ],
            heading=_("Placement"),
        ),
        FieldRowPanel([FieldPanel("priority"), FieldPanel("weight")]),
        PublishingPanel(),
    ]

    def get_queryset(self, request):
        # The status column needs each promo's scheduled revision: read with the rows.
        scheduled = Revision.objects.filter(
            line_promo=OuterRef("pk"), approved_go_live_at__isnull=False
        ).values("approved_go_live_at")[:1]
        return LinePromo.objects.annotate(scheduled_go_live_at=Subquery(scheduled))


register_snippet(LinePromoViewSet)


@hooks.register("register_admin_urls")
def register_line_clicks_report_urls():
    return [
        path(
            "reports/line-clicks/",
            LineClicksReportView.as_view(),
            name="line_promo_clicks",
        ),
        path(
            "reports/line-clicks/results/",
            LineClicksReportView.as_view(results_only=True),
            name="line_promo_clicks_results",
        ),
    ]


class _LineClicksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("columns.change_linepromo")


@hooks.register("register_reports_menu_item")
def register_line_clicks_report_menu_item():
    return _LineClicksMenuItem(
        _("LINE friend-add clicks"),
        reverse("line_promo_clicks"),
        name="line-promo-clicks",
        icon_name="mobile-alt",
        order=900,
    )


# -- editing columns --------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_draft_terms_urls():
    return [
        path(
            "columns/<int:page_id>/glossary-terms/",
            DraftTermsOnEdit.as_view(),
            name="columns_draft_terms",
        ),
        path(
            "columns/add/<int:parent_page_id>/glossary-terms/",
            DraftTermsOnCreate.as_view(),
            name="columns_draft_terms_add",
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(admin_panels.panels_for(request))
