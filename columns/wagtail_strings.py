"""Wagtail admin strings that Wagtail's own Japanese catalog leaves in English.

Editors meet them on the dashboard, in the page explorer, the page and snippet editors
with their side panels, the review workflow, reports and image uploads. Marked here so
that makemessages keeps them in config/locale, which Django reads before Wagtail's
catalogs; the msgids must match Wagtail's source exactly (two end in a space).
Wagtail's JavaScript strings are in config/locale/ja/LC_MESSAGES/djangojs.po.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

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
    # The page explorer: filters, sorting, status links and bulk selection.
    gettext_noop("Any"),
    gettext_noop("Back"),
    gettext_noop("Bulk actions"),
    gettext_noop("Date updated"),
    gettext_noop("Edited by"),
    gettext_noop("Filter by"),
    gettext_noop("Has child pages"),
    gettext_noop("Page type"),
    gettext_noop("Search…"),
    gettext_noop("Select"),
    gettext_noop("Select all"),
    gettext_noop("Select row"),
    gettext_noop("Show filters"),
    gettext_noop("Sort menu order"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Private. Visit the live page"),
    gettext_noop("Toggle breadcrumbs"),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. Pages "
        "created here will not be accessible at any URL until they are associated with a site."
    ),
    gettext_noop(
        "If you just want to add pages to an existing site, create them as children of the "
        "homepage instead."
    ),
    gettext_noop("1 page selected"),
    gettext_noop("%(objects)s pages selected"),
    gettext_noop("All %(objects)s pages on this screen selected"),
    gettext_noop("All pages in listing selected"),
    gettext_noop("1 snippet selected"),
    gettext_noop("%(objects)s snippets selected"),
    gettext_noop("All %(objects)s snippets on this screen selected"),
    gettext_noop("All snippets in listing selected"),
    gettext_noop("1 item selected"),
    gettext_noop("%(objects)s items selected"),
    gettext_noop("All %(objects)s items on this screen selected"),
    gettext_noop("All items in listing selected"),
    gettext_noop("1 image selected"),
    gettext_noop("%(objects)s images selected"),
    gettext_noop("All %(objects)s images on this screen selected"),
    gettext_noop("All images in listing selected"),
    # The page and snippet editors: autosave, side panels, preview and publishing.
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a "
        "separate tab to view the last saved version."
    ),
    gettext_noop("View latest version"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Side panels"),
    gettext_noop("Side panel width"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Toggle status"),
    gettext_noop("Toggle preview"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle comments"),
    gettext_noop("Toggle section"),
    gettext_noop("Minimap"),
    gettext_noop("Checks"),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more '
        "information on how content metrics are calculated."
    ),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
    gettext_noop("Preview in mobile size"),
    gettext_noop("Preview in tablet size"),
    gettext_noop("Preview in desktop size"),
    gettext_noop("Preview mode"),
    gettext_noop("Preview not available"),
    gettext_noop("Publish %(model_name)s"),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("at %(time)s by %(user_display_name)s"),
    gettext_noop("%(time)s by %(user_display_name)s"),
    gettext_noop("%(time_period)s ago by %(user_display_name)s"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop(
        "The name of the page displayed on search engine results as the clickable headline."
    ),
    gettext_noop("Heading 3"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("There are no results."),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("Go to the first error"),
    # The checks panel's accessibility findings.
    gettext_noop("Button text is empty"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Empty heading found"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Link text is empty"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Add a concise description for search engines"),
    # The page privacy dialog.
    gettext_noop("Private, accessible to any logged-in users"),
    gettext_noop("Private, accessible with a shared password"),
    gettext_noop("shared password"),
    gettext_noop(
        "Shared passwords should not be used to protect sensitive content. Anyone who has this "
        "password will be able to view the content."
    ),
    # The image chooser (hero images).
    gettext_noop("Layout"),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("You haven't uploaded any images."),
    gettext_noop("Select %(title)s"),
    # The dashboard, account menu and help menu.
    gettext_noop("Search all pages…"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Editor Guide"),
    gettext_noop("Help"),
    gettext_noop("Shortcuts"),
    gettext_noop("What's new in Wagtail %(version)s"),
    gettext_noop("Close dialog"),
    # The keyboard shortcuts dialog (help menu).
    gettext_noop("Keyboard shortcuts"),
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("Section"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop("Application"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Toggle sidebar"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Save changes"),
    gettext_noop("Add or show comments"),
    gettext_noop("Text editing"),
    gettext_noop("Cut"),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Text formatting"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Monospace (code)"),
    gettext_noop("Strike-through"),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
    ),
    gettext_noop("account"),
    # Reports, history and workflow views.
    gettext_noop("Last published"),
    gettext_noop("Last published before"),
    gettext_noop("Last published by"),
    gettext_noop("App"),
    gettext_noop("Last edited page"),
    gettext_noop("Last edit"),
    gettext_noop("Locale"),
    gettext_noop("Date / Time"),
    gettext_noop("Is commenting action"),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("No pages/snippets have been submitted for moderation yet"),
    gettext_noop("Published"),
    gettext_noop("Rejected"),
    gettext_noop("Skipped"),
    gettext_noop("This page hasn't been submitted for moderation yet"),
    gettext_noop("This %(model_name)s hasn't been submitted for moderation yet"),
    # History entries and the site history report's action filter.
    gettext_noop("Reply to comment"),
    gettext_noop("Delete comment"),
    gettext_noop("Delete reply to comment"),
    gettext_noop("Edit comment"),
    gettext_noop("Edit reply to comment"),
    gettext_noop("Resolve comment"),
    gettext_noop("Publish scheduled draft"),
    gettext_noop("Unpublish scheduled draft"),
    gettext_noop("Add view restrictions"),
    gettext_noop("Remove view restrictions"),
    gettext_noop("Update view restrictions"),
    gettext_noop("Workflow: approve task"),
    gettext_noop("Workflow: cancel"),
    gettext_noop("Workflow: reject task"),
    gettext_noop("Workflow: resume task"),
    gettext_noop("Workflow: start"),
    # Locks, the preview error, the page explorer's title, the search description label
    # (Wagtail's Japanese leaves it in English) and the dashboard's upgrade notice.
    gettext_noop("Exploring"),
    gettext_noop("meta description"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop(
        "Preview cannot display due to validation errors. <br /> Click save to highlight the "
        "relevant fields."
    ),
    gettext_noop("Locked by you"),
    gettext_noop("Locked by another user"),
    gettext_noop("Locked by schedule"),
    gettext_noop("Locked by <b>you</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Wagtail upgrade available"),
    gettext_noop(
        "Your version: <strong>%(current_version)s</strong>. New version: "
        '<strong data-w-upgrade-target="latestVersion"></strong>.'
    ),
    gettext_noop("Read the release notes."),
    # Filter labels of the locked pages and workflow reports (model field names).
    gettext_noop("locked by"),
    gettext_noop("requested by"),
    # Success messages of the snippet editor (LINE promos) and its revisions.
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' has been scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' created and scheduled for publishing."),
    gettext_noop(
        "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."
    ),
    gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation."),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been restarted."),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been cancelled."),
    gettext_noop("%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s."),
    gettext_noop("Version from %(timestamp)s of %(model_name)s '%(object)s' has been published."),
    gettext_noop(
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been scheduled for "
        "publishing."
    ),
    gettext_noop(
        "{model_name} '{title}' is locked and has been scheduled to go live at {datetime}"
    ),
    gettext_noop("Currently locked and will go live on the scheduled date"),
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
    gettext_noop("There are no %(model_name)s to display."),
    # Scheduling entries of the history views: Wagtail logs them for pages and snippets alike
    # under a "Page ..." msgid, so the Japanese leaves out the word page.
    gettext_noop("Page scheduled for publishing at %(go_live_at)s"),
    gettext_noop("Page scheduled for publishing"),
    gettext_noop("Page unscheduled for publishing at %(go_live_at)s"),
    gettext_noop("Page unscheduled from publishing"),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s scheduled for publishing at %(go_live_at)s."
    ),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s unscheduled from publishing at "
        "%(go_live_at)s."
    ),
    gettext_noop("Review this version"),
    gettext_noop("Compare with current version"),
    # The item count under paginated listings ("N <verbose name plural>").
    gettext_noop("item"),
    gettext_noop("items"),
    gettext_noop("model log entry"),
    gettext_noop("model log entries"),
    # The page explorer's search results: the result count and the scope switch.
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in "
        "'<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop("No results across entire site."),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("Search in '<span class=\"w-title-ellipsis\">%(title)s</span>'"),
    gettext_noop("Search the whole site"),
    # The image and document listings: sorting, filters, bulk actions and multiple upload.
    gettext_noop("Sort by"),
    gettext_noop("Newest"),
    gettext_noop("Oldest"),
    gettext_noop("Title: (A -> Z)"),
    gettext_noop("Title: (Z -> A)"),
    gettext_noop("File size: (low to high)"),
    gettext_noop("File size: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Usage count"),
    gettext_noop("Minimum"),
    gettext_noop("Maximum"),
    gettext_noop("Tag"),
    gettext_noop("Add to collection"),
    gettext_noop("Add tags to the selected images"),
    gettext_noop("Add selected images to collection"),
    gettext_noop("Delete selected images"),
    gettext_noop("Add tags to the selected documents"),
    gettext_noop("Add selected documents to collection"),
    gettext_noop("Delete selected documents"),
    gettext_noop(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this existing "
        "image. You may delete it if it wasn't required."
    ),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of an existing "
        "image. You may delete it if it wasn't required."
    ),
    gettext_noop("Report this error to your website administrator with the following information:"),
    gettext_noop("Document updated."),
    # The account page: profile, notifications and theme preferences.
    gettext_noop("Profile"),
    gettext_noop("Name and Email"),
    gettext_noop("Profile picture"),
    gettext_noop("Notifications"),
    gettext_noop("updated comments notifications"),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or deleted on a page "
        "that you have subscribed to receive comment notifications on"
    ),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Use server time zone"),
    gettext_noop("Theme preferences"),
    gettext_noop("admin theme"),
    gettext_noop("System default"),
    gettext_noop("Light"),
    gettext_noop("Dark"),
    gettext_noop("contrast"),
    gettext_noop("More contrast"),
    gettext_noop("density"),
    gettext_noop("Snug"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("You have <span>unsaved edits</span>"),
]

# Plural messages: ngettext_lazy without a number is never evaluated here, but
# makemessages extracts each msgid with its msgid_plural. Japanese has one form.
WAGTAIL_PLURALS = [
    # The usage count in the status side panel and the explorer's side panel.
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times"),
    ngettext_lazy(
        "This %(model_name)s is referenced %(usage_count)s time.",
        "This %(model_name)s is referenced %(usage_count)s times.",
    ),
    # Bulk unpublishing in the page explorer.
    ngettext_lazy("Unpublish 1 page", "Unpublish %(counter)s pages"),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages"),
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages"),
    # The page search results.
    ngettext_lazy("There is one matching page", "There are %(counter)s matching pages"),
    # The dashboard's site summary.
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
    ),
    # Search results of the image, document and snippet listings.
    ngettext_lazy("There is %(counter)s match", "There are %(counter)s matches"),
]
