"""Wagtail admin strings that Wagtail's own Japanese catalog leaves in English.

Editors meet them in the review workflow, the menu, image uploads and the page editor's
side panels. Marked here so that
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
    # The page editor's side panels: status, preview, scheduling and checks.
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Change privacy"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Content metrics"),
    gettext_noop("Correct the validation errors to resume preview (saving will highlight errors)"),
    gettext_noop("Edit schedule"),
    gettext_noop("Expiry:"),
    gettext_noop("First published"),
    gettext_noop("Go-live:"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop("In Moderation"),
    gettext_noop("Invalid schedule"),
    gettext_noop("Issues found"),
    gettext_noop("Loading"),
    gettext_noop("Locking: "),
    gettext_noop("No publishing schedule set"),
    gettext_noop("Not visible to the public"),
    gettext_noop("Once live anyone can view"),
    gettext_noop("Once scheduled:"),
    gettext_noop("Page visibility: "),
    gettext_noop("Preview in new tab"),
    gettext_noop("Preview is out of date"),
    gettext_noop("Readability"),
    gettext_noop("Reading time"),
    gettext_noop("Refresh"),
    gettext_noop("Refreshing…"),
    gettext_noop("Save schedule"),
    gettext_noop("Schedule to publish"),
    gettext_noop("Scheduling…"),
    gettext_noop("Set schedule"),
    gettext_noop("Show issue"),
    gettext_noop("Status: "),
    gettext_noop("This data explained"),
    gettext_noop(
        "This publishing schedule will only take effect after you select the "
        '"Schedule to publish" option'
    ),
    gettext_noop("View details"),
    gettext_noop("View history"),
    gettext_noop("Visible to all"),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for "
        "different languages."
    ),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and "
        "calculate the number of words."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences "
        "and words result in a worse readability score."
    ),
    gettext_noop("Words"),
    gettext_noop("The page could not be created due to validation errors."),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Sent to %(task_name)s %(started_at)s"),
    gettext_noop(
        "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing"
    ),
    gettext_noop("Only reviewers can edit and approve the %(model_name)s"),
    gettext_noop("Anyone can edit this %(model_name)s – lock it to prevent others from editing"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop("Locked by workflow"),
    gettext_noop("Privacy changes apply to all children of this page too."),
]
