"""Wagtail admin strings that Wagtail's own Japanese catalog leaves in English.

Editors meet them in the review workflow, the menu and image uploads. Marked here so that
makemessages keeps them in config/locale, which Django reads before Wagtail's
catalogs; the msgids must match Wagtail's source exactly (two end in a space).
"""

from django.utils.translation import gettext_noop

WAGTAIL_STRINGS = [
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop("Aging pages"),
    gettext_noop("Page types usage"),
    gettext_noop("Changes requested"),
    gettext_noop("Changes requested by %(requested_by)s"),
    gettext_noop("Restart workflow "),
    gettext_noop("Cancel workflow "),
    gettext_noop(
        "Not a valid .%(extension)s image. The extension does not match the file format "
        "(%(image_format)s)"
    ),
]
