"""Admin forms of the glossary."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_SIZE = 5 * 1024 * 1024


class TermImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with the header term,reading,aliases,definition; separate aliases "
            "with |. A term already in the glossary is updated, any other is added."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish"),
        required=False,
        initial=True,
        help_text=_("Publish new and changed terms at once. Unchecked, they are saved as drafts."),
    )

    def __init__(self, *args, can_publish=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_publish = can_publish
        if not can_publish:
            self.fields["publish"].initial = False
            self.fields["publish"].disabled = True
            self.fields["publish"].help_text = _(
                "You may not publish terms; they are saved as drafts."
            )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(max)s.") % {"max": filesizeformat(MAX_UPLOAD_SIZE)}
            )
        return upload

    def clean_publish(self):
        # A disabled field keeps its initial value whatever was posted.
        return self.cleaned_data["publish"] and self.can_publish
