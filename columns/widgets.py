"""Admin widgets for editing columns."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Google shows about this many Japanese characters of a description in its results.
RECOMMENDED_DESCRIPTION_LENGTH = 120


def character_count(value):
    """Characters as the counter in the browser counts them: code points, one per line break."""
    return len((value or "").replace("\r\n", "\n"))


class CountedTextarea(forms.Textarea):
    """A textarea with a live count of its characters against a recommended length.

    The count is rendered on the server (so it is right before any script runs)
    and kept up to date by columns/admin/char-counter.js while the editor types.
    """

    # In columns/templates/: form widgets are rendered by Django's form renderer,
    # which looks in apps' template folders only.
    template_name = "columns/widgets/counted_textarea.html"
    counter_format = _("%(count)s/%(limit)s characters")
    over_message = _("Longer than the recommended %(limit)s characters.")

    def __init__(self, attrs=None, recommended=RECOMMENDED_DESCRIPTION_LENGTH):
        super().__init__(attrs)
        self.recommended = recommended

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        counter_id = f"{widget_attrs.get('id') or name}-counter"
        described_by = widget_attrs.get("aria-describedby", "").split()
        widget_attrs["aria-describedby"] = " ".join([*described_by, counter_id])
        count = character_count(self.format_value(value))
        context["counter"] = {
            "id": counter_id,
            "count": count,
            "limit": self.recommended,
            "over": count > self.recommended,
            "text": self.counter_format % {"count": count, "limit": self.recommended},
            "format": str(self.counter_format),
            "over_message": self.over_message % {"limit": self.recommended},
        }
        return context

    class Media:
        css = {"all": ["columns/admin/char-counter.css"]}
        js = ["columns/admin/char-counter.js"]
