"""Columns in the Wagtail admin: the LINE promo snippet screens and click report, the
editors' dashboard panels, and the edit form's glossary check."""

from django.urls import path, reverse
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
from wagtail.admin.ui.tables import UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_panels
from .admin_views import DraftTermsOnCreate, DraftTermsOnEdit
from .promo_views import LineClicksReportView
from .promos import LinePromo


class LinePromoViewSet(SnippetViewSet):
    model = LinePromo
    icon = "mobile-alt"
    menu_label = _("LINE promos")
    menu_name = "line-promos"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "placement_summary", "priority", "weight", UpdatedAtColumn()]
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
