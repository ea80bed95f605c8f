"""The glossary in the Wagtail admin: its URLs, the 用語集 menu, the dashboard's 用語候補 count.

Other parts of the app add items to the menu with the hook
``register_glossary_menu_item`` (a function returning a MenuItem), and may
edit the list per request with ``construct_glossary_menu``.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem

from . import views
from .candidates_report import candidate_count


def candidate_count_view(request):
    """The 用語候補 count as JSON for the dashboard, scanning the live columns if they changed."""
    if not views.can_change_terms(request.user, views.glossary_index(request)):
        raise PermissionDenied
    return JsonResponse({"count": candidate_count()})


app_name = "glossary_admin"
urlpatterns = [
    path("terms/export/", views.export_terms_view, name="terms_export"),
    path("terms/import/", views.TermImportView.as_view(), name="terms_import"),
    path("candidates/", views.CandidatesReportView.as_view(), name="candidates"),
    path(
        "candidates/results/",
        views.CandidatesReportView.as_view(results_only=True),
        name="candidates_results",
    ),
    path("candidates/count/", candidate_count_view, name="candidate_count"),
]


@hooks.register("register_admin_urls")
def register_glossary_urls():
    return [path("glossary/", include((urlpatterns, app_name), namespace=app_name))]


class _ChecksPermission(MenuItem):
    """A menu item shown to users for whom ``check(user, glossary page)`` holds."""

    def __init__(self, label, url, check, **kwargs):
        super().__init__(label, url, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user, views.glossary_index(request))


class _TermsMenuItem(_ChecksPermission):
    """The glossary page in the page explorer; its id is only known per request."""

    def is_shown(self, request):
        return views.glossary_index(request) is not None and super().is_shown(request)

    def render_component(self, request):
        # Menu items are shared between requests; build the link without storing the URL.
        return LinkMenuItem(
            self.name,
            self.label,
            views.explore_url(views.glossary_index(request)),
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


glossary_menu = Menu(
    register_hook_name="register_glossary_menu_item",
    construct_hook_name="construct_glossary_menu",
)


@hooks.register("register_admin_menu_item")
def register_glossary_menu():
    return SubmenuMenuItem(
        _("Glossary"), glossary_menu, name="glossary", icon_name="openquote", order=250
    )


@hooks.register("register_glossary_menu_item")
def register_terms_item():
    return _TermsMenuItem(
        _("Terms"),
        "",
        views.can_change_terms,
        name="glossary-terms",
        icon_name="list-ul",
        order=100,
    )


@hooks.register("register_glossary_menu_item")
def register_candidates_item():
    return _ChecksPermission(
        _("Term candidates"),
        reverse("glossary_admin:candidates"),
        views.can_change_terms,
        name="glossary-candidates",
        icon_name="openquote",
        order=200,
    )


@hooks.register("register_glossary_menu_item")
def register_import_item():
    return _ChecksPermission(
        _("Import terms (CSV)"),
        reverse("glossary_admin:terms_import"),
        views.can_import_terms,
        name="glossary-import",
        icon_name="upload",
        order=300,
    )


@hooks.register("register_glossary_menu_item")
def register_export_item():
    return _ChecksPermission(
        _("Export terms (CSV)"),
        reverse("glossary_admin:terms_export"),
        views.can_change_terms,
        name="glossary-export",
        icon_name="download",
        order=400,
    )


# -- dashboard -------------------------------------------------------------------------


class TermCandidatesPanel(Component):
    """The 用語候補 count on the dashboard, for users who may open the report.

    Counting scans every live column once after any of them changed (seconds on a
    large site), so the dashboard shows the count only when that scan is cached and
    otherwise asks candidate_count_view for it after the page has loaded.
    """

    name = "glossary_term_candidates"
    template_name = "glossary/admin/dashboard_candidates.html"
    order = 240

    def get_context_data(self, parent_context):
        return {
            "count": candidate_count(scan=False),
            "count_url": reverse("glossary_admin:candidate_count"),
            "report_url": reverse("glossary_admin:candidates"),
        }

    class Media:
        js = ["glossary/admin/candidate-count.js"]
        css = {"all": ["columns/admin/dashboard.css"]}


@hooks.register("construct_homepage_panels")
def add_candidates_panel(request, panels):
    if views.can_change_terms(request.user, views.glossary_index(request)):
        panels.append(TermCandidatesPanel())
