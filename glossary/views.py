"""Admin views of the glossary: CSV import and export of terms, the term candidates report.

Who may do what is decided by Wagtail's page permissions on the glossary page,
which its terms inherit:

* export and the candidates report: change permission on terms;
* import: add and change permission, and publish permission to publish.

Superusers may do everything.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView

from .candidates_report import candidates
from .csv_io import export_terms, import_terms
from .forms import TermImportForm
from .models import GlossaryIndexPage, GlossaryTermPage

EXPORT_FILENAME = "glossary-terms.csv"

# -- permissions ---------------------------------------------------------------------------

_UNSET = object()


def glossary_index(request=None):
    """The glossary page (one per site; the first in the tree), cached on the request."""
    index = getattr(request, "_glossary_index", _UNSET)
    if index is _UNSET:
        index = GlossaryIndexPage.objects.order_by("path").first()
        if request is not None:
            request._glossary_index = index
    return index


def _tester(user, index):
    return index.permissions_for_user(user) if index is not None else None


def can_change_terms(user, index):
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Granted on the glossary page or above, the permission covers every term under it.
    return index is not None and "change" in _tester(user, index).permissions


def can_import_terms(user, index):
    return (
        index is not None
        and can_change_terms(user, index)
        and _tester(user, index).can_add_subpage()
    )


def can_publish_terms(user, index):
    return index is not None and _tester(user, index).can_publish_subpage()


def explore_url(index):
    return reverse("wagtailadmin_explore", args=[index.pk])


# -- export ----------------------------------------------------------------------------


def export_terms_view(request):
    """Every term, live or draft, as a CSV file Excel opens in Japanese."""
    if not can_change_terms(request.user, glossary_index(request)):
        raise PermissionDenied
    text = export_terms(GlossaryTermPage.objects.all())
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    return response


# -- import ----------------------------------------------------------------------------


class TermImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "glossary/admin/import_terms.html"
    form_class = TermImportForm
    page_title = gettext_lazy("Import terms")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        self.index = glossary_index(request)
        if self.index is None and request.user.is_superuser:
            return self.render_to_response(self.get_context_data(no_index=True))
        if not can_import_terms(request.user, self.index):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.index is not None:
            items.append({"url": explore_url(self.index), "label": self.index.title})
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "can_publish": can_publish_terms(self.request.user, self.index),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_url"] = reverse("glossary_admin:terms_export")
        return context

    def form_valid(self, form):
        report = import_terms(
            form.cleaned_data["file"].read(),
            index_page=self.index,
            user=self.request.user,
            publish=form.cleaned_data["publish"],
        )
        if not report.ok:
            messages.error(self.request, _("Nothing was imported: the file has errors."))
            return self.render_to_response(self.get_context_data(form=form, report=report))
        messages.success(self.request, report.summary())
        if report.drafts_published:
            messages.warning(self.request, report.drafts_published_warning())
        return redirect(explore_url(self.index))


# -- candidates report -----------------------------------------------------------------


class ColumnLinksColumn(Column):
    """The columns a phrase is quoted in, each linking to its editor."""

    cell_template_name = "glossary/admin/candidate_columns_cell.html"


class CandidatesReportView(ReportView):
    template_name = "glossary/admin/candidates_report.html"
    page_title = gettext_lazy("Term candidates")
    header_icon = "openquote"
    index_url_name = "glossary_admin:candidates"
    index_results_url_name = "glossary_admin:candidates_results"
    columns = [
        Column("phrase", label=gettext_lazy("Phrase")),
        Column("column_count", label=gettext_lazy("Number of columns")),
        Column("occurrences", label=gettext_lazy("Occurrences")),
        ColumnLinksColumn("columns", label=gettext_lazy("Quoted in")),
    ]
    list_export = ["phrase", "column_count", "occurrences", "column_titles"]
    export_headings = {
        "phrase": gettext_lazy("Phrase"),
        "column_count": gettext_lazy("Number of columns"),
        "occurrences": gettext_lazy("Occurrences"),
        "column_titles": gettext_lazy("Quoted in"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_change_terms(request.user, glossary_index(request)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def no_results_message(self):
        return _("No phrase in 「」 is quoted by two or more live columns without being a term.")

    def get_filename(self):
        return f"glossary-candidates-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return candidates()
