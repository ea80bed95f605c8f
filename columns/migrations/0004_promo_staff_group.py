"""The 「プロモ担当」 group: LINE promos and admin access, no page permissions.

Permissions are normally created after migrations run, so the ones the group
needs are created here when missing (same content type and codename as Django
and Wagtail would use). Images: promo staff may upload and choose images for
their promos (root collection).
"""

from django.db import migrations

GROUP_NAME = "プロモ担当"
PROMO_ACTIONS = ("add", "change", "publish", "lock")
IMAGE_CODENAMES = ("add_image", "choose_image")


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return perm


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        *(
            permission(apps, "columns", "linepromo", f"{action}_linepromo", f"Can {action} LINE promo")
            for action in PROMO_ACTIONS
        ),
    )
    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        for codename in IMAGE_CODENAMES:
            perm = permission(
                apps, "wagtailimages", "image", codename, f"Can {codename.split('_')[0]} image"
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=perm
            )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("columns", "0003_line_promos"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        # These grant choose permissions to every group with admin access; run them first
        # so the group gets only what is listed here.
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
