"""Remove Wagtail's starter groups 「Moderators」 and 「Editors」 and their root workflow.

Wagtail creates them with rights on the root page, so anyone put in them could edit
and publish the home page and the series pages, which only superusers may do here
(docs/EDITORS.md). The roles of this site are 「編集者」, 「編集長」 and 「プロモ担当」.
A starter group that already has members was chosen by the site's administrators and
is left alone, and so is the workflow while such a group stays.
"""

from django.db import migrations

STARTER_GROUPS = ("Moderators", "Editors")
STARTER_WORKFLOW = "Moderators approval"  # also the name of its one task


def remove_starter_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    unused = Group.objects.filter(name__in=STARTER_GROUPS, user__isnull=True)
    # Their page, collection and task memberships go with them.
    unused.delete()
    if Group.objects.filter(name="Moderators").exists():
        return
    for workflow in Workflow.objects.filter(name=STARTER_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        # A workflow that has run keeps its history; it is only switched off.
        if WorkflowState.objects.filter(workflow=workflow).exists():
            Workflow.objects.filter(pk=workflow.pk).update(active=False)
        else:
            WorkflowTask.objects.filter(workflow=workflow).delete()
            workflow.delete()
    for task in Task.objects.filter(name=STARTER_WORKFLOW):
        if TaskState.objects.filter(task=task).exists() or WorkflowTask.objects.filter(task=task):
            Task.objects.filter(pk=task.pk).update(active=False)
        else:
            task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("columns", "0006_column_editing"),
        # Where Wagtail creates the starter groups and the workflow.
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    # Not reversible in substance: the starter groups are not recreated.
    operations = [migrations.RunPython(remove_starter_groups, migrations.RunPython.noop)]
