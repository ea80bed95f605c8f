"""Parts of the column edit form: stable tabs, the scheduling note, the draft's glossary terms."""

from dataclasses import dataclass

from django.urls import reverse
from wagtail.admin.panels import ObjectList, Panel


class EditorTab(ObjectList):
    """A tab whose HTML id (``tab-<name>``) is the same in every admin language.

    Wagtail derives tab ids from the heading, which is translated; links to a
    tab (``#tab-publishing``) and tests need an id that does not move.
    """

    def __init__(self, children=(), *args, name="", **kwargs):
        super().__init__(children, *args, **kwargs)
        self.name = name

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "name": self.name}

    @property
    def clean_name(self):
        return self.name or super().clean_name


class ScheduleNotePanel(Panel):
    """Tells editors where 予約投稿 lives: Wagtail's schedule dialog, opened from here too."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "columns/admin/schedule_note_panel.html"

        def is_shown(self):
            # Without the go-live field (no PublishingPanel) there is no dialog to open.
            return self.form is not None and "go_live_at" in self.form.fields

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["go_live_at"] = self.instance.go_live_at
            context["expire_at"] = self.instance.expire_at
            return context


# -- glossary terms in the draft --------------------------------------------------------


@dataclass(frozen=True)
class DraftTerm:
    id: int
    name: str
    definition: str
    count: int

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.id])

    def as_json(self):
        return {
            "id": self.id,
            "term": self.name,
            "definition": self.definition,
            "count": self.count,
            "edit_url": self.edit_url,
        }


def draft_terms(column):
    """The live glossary terms the column's body would link, in order of first appearance.

    The same linker and rules as the public page (glossary.linking): terms that
    do not link automatically are left out; counts cover every occurrence.
    """
    from glossary import linking

    glossary = linking.get_glossary()
    if not glossary.terms:
        return []
    not_linking = glossary.terms.keys() - glossary.auto_link
    result = glossary.linker.link(
        linking.column_scan_html(column), first_only=True, skip_ids=not_linking
    )
    return [
        DraftTerm(
            id=tid,
            name=glossary.terms[tid].forms[0],
            definition=glossary.terms[tid].summary,
            count=result.counts[tid],
        )
        for tid in result.found
    ]


def draft_terms_context(column):
    return {"terms": draft_terms(column), "glossary_links": column.glossary_links}


def draft_terms_url(instance, form):
    """Where the panel asks for the terms of the text being edited."""
    if instance.pk:
        return reverse("columns_draft_terms", args=[instance.pk])
    parent = getattr(form, "parent_page", None)
    if parent is not None and parent.pk:
        return reverse("columns_draft_terms_add", args=[parent.pk])
    return ""


class DraftTermsPanel(Panel):
    """「このコラムに登場する用語」: the glossary terms the draft will link, with counts.

    Rendered for the latest revision when the form opens; its button sends the
    form as it is now to an admin view (columns/admin_views.py) and shows the result.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "columns/admin/draft_terms_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(draft_terms_context(self.instance))
            context["refresh_url"] = draft_terms_url(self.instance, self.form)
            return context

        class Media:
            css = {"all": ["columns/admin/draft-terms.css"]}
            js = ["columns/admin/draft-terms.js"]
