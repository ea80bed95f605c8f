"""The groups 「編集者」 and 「編集長」 and the workflow 「編集長レビュー」 (see columns/roles.py).

Page rights and the workflow go on the series and glossary pages that exist now;
on a fresh database there are none yet, and each one created later gets them as
it is saved (columns.roles.connect_signals). 「プロモ担当」 is left as 0004 made it.
"""

from django.db import migrations

from columns import roles


def create_roles(apps, schema_editor):
    roles.ensure_editorial_roles(apps)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    # Their page, collection and task memberships go with the groups.
    Group.objects.filter(name__in=[roles.EDITOR_GROUP, roles.CHIEF_EDITOR_GROUP]).delete()
    roles.retire_workflow(apps, roles.REVIEW_WORKFLOW, roles.APPROVAL_TASK)


class Migration(migrations.Migration):
    dependencies = [
        ("columns", "0004_promo_staff_group"),
        ("glossary", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        # These grant choose permissions to every group with admin access; run them first
        # so the groups get only what columns.roles lists.
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
