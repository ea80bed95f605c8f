"""Admin view behind the 「このコラムに登場する用語」 panel of the column edit form.

GET answers for the latest revision; POST for the edit form as sent (the text
being edited, saved nowhere). Only users who may edit the column (or add one
under the series) get an answer: the object and form are obtained exactly as
Wagtail's live preview obtains them, permission checks included.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.preview import PreviewOnCreate, PreviewOnEdit
from wagtail.models import Page

from .edit_panels import draft_terms_context
from .models import ColumnPage


class _DraftTermsMixin:
    http_method_names = ("get", "post")

    def dispatch(self, request, *args, **kwargs):
        if not isinstance(self.object, ColumnPage):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.answer(self.object)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not self.validate_form(form):
            # As with the preview: what could not be saved as a draft is not checked.
            message = _("Correct the errors in the form, then check again.")
            return JsonResponse(
                {"is_valid": False, "html": format_html('<p class="error-message">{}</p>', message)}
            )
        form.save(commit=False)
        return self.answer(form.instance)

    def answer(self, column):
        context = draft_terms_context(column)
        return JsonResponse(
            {
                "is_valid": True,
                "glossary_links": context["glossary_links"],
                "terms": [term.as_json() for term in context["terms"]],
                "html": render_to_string(
                    "columns/admin/draft_terms_list.html", context, request=self.request
                ),
            }
        )


class DraftTermsOnEdit(_DraftTermsMixin, PreviewOnEdit):
    """The terms of a column being edited; needs edit permission on it."""


class DraftTermsOnCreate(_DraftTermsMixin, PreviewOnCreate):
    """The terms of a column being written under a series; needs permission to add there."""

    @cached_property
    def content_type(self):
        return ContentType.objects.get_for_model(ColumnPage)

    def get_object(self):
        page = super().get_object()  # the parent exists and the user may add pages under it
        parent = Page.objects.get(pk=self.parent_object_id)
        if not ColumnPage.can_create_at(parent):
            raise PermissionDenied
        return page
