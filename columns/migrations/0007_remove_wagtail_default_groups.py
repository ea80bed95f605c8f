"""Remove Wagtail's starter groups 「Moderators」 and 「Editors」 and their root workflow.

Wagtail creates them with rights on the root page, so anyone put in them could edit
and publish the home page and the series pages, which only superusers may do here
(docs/EDITORS.md). The roles of this site are 「編集者」, 「編集長」 and 「プロモ担当」.
A starter group that already has members was chosen by the site's administrators and
is left alone, and so is the workflow while such a group stays.
"""

from django.db import migrations

from columns import roles

STARTER_GROUPS = ("Moderators", "Editors")
STARTER_WORKFLOW = "Moderators approval"  # also the name of its one task


def remove_starter_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    # Their page, collection and task memberships go with them.
    Group.objects.filter(name__in=STARTER_GROUPS, user__isnull=True).delete()
    if not Group.objects.filter(name="Moderators").exists():
        roles.retire_workflow(apps, STARTER_WORKFLOW, STARTER_WORKFLOW)


class Migration(migrations.Migration):
    dependencies = [
        ("columns", "0006_column_editing"),
        # Where Wagtail creates the starter groups and the workflow.
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    # Not reversible in substance: the starter groups are not recreated.
    operations = [migrations.RunPython(remove_starter_groups, migrations.RunPython.noop)]
