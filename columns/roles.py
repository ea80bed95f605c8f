"""The editorial roles 「編集者」 and 「編集長」 and the review workflow 「編集長レビュー」.

* 編集者 (editors): admin access; on every column series and the glossary page,
  and so on the columns and terms under them: add, change and lock. They save
  drafts and submit them for review; they cannot publish, unpublish or schedule.
  Wagtail lets them delete a page only while it is not live. Images and
  documents: upload and choose (and edit their own uploads).
* 編集長 (chief editors): the same, plus publish (which also unpublishes,
  schedules, and deletes live columns and terms), unlock, and the single task of
  the 「編集長レビュー」 workflow (approve or request changes).

Rights are granted on the section pages (series and glossary), never on the home
page, so neither role edits the home page or creates series; without bulk delete
nobody but a superuser deletes a whole series or the glossary. The workflow is
assigned to the same section pages and so covers the columns and terms under them.

Sections created later are covered by :func:`connect_signals` (called when the
app is ready): a new series or glossary page gets the grants and the workflow as
it is saved. :func:`ensure_editorial_roles` sets everything up from scratch and
is idempotent; the data migration calls it with its historical models, so it
must use plain ORM lookups only (no model methods, no treebeard).
"""

from django.apps import apps as global_apps
from django.db.models.signals import post_save

EDITOR_GROUP = "編集者"
CHIEF_EDITOR_GROUP = "編集長"
REVIEW_WORKFLOW = "編集長レビュー"
APPROVAL_TASK = "編集長の承認"

# Pages whose subtree the editorial roles work in: each series and the glossary.
SECTION_MODELS = ("columns.ColumnSeriesIndexPage", "glossary.GlossaryIndexPage")

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "lock_page")
PAGE_PERMISSIONS = {
    EDITOR_GROUP: EDITOR_PAGE_PERMISSIONS,
    CHIEF_EDITOR_GROUP: (*EDITOR_PAGE_PERMISSIONS, "publish_page", "unlock_page"),
}
# (app_label, model, codename); granted on the root collection to both groups.
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "choose_image"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "choose_document"),
)


def _permission(apps, app_label, model, codename):
    """The permission, created when missing (they are normally created after migrations)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    action = codename.rsplit("_", 1)[0].replace("_", " ")
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"Can {action} {model}"}
    )
    return perm


def _page_permissions(apps, codenames):
    return [_permission(apps, "wagtailcore", "page", codename) for codename in codenames]


def section_page_ids(apps=global_apps):
    ids = []
    for label in SECTION_MODELS:
        ids += apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True)
    return ids


def retire_workflow(apps, workflow_name, task_name):
    """Take a workflow off its pages and delete it and its task, or only switch them off
    if they have run (their history stays). For migrations: historical models only."""
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    for workflow in Workflow.objects.filter(name=workflow_name):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        if WorkflowState.objects.filter(workflow=workflow).exists():
            Workflow.objects.filter(pk=workflow.pk).update(active=False)
        else:
            workflow.delete()
    for task in Task.objects.filter(name=task_name):
        if TaskState.objects.filter(task=task).exists() or WorkflowTask.objects.filter(task=task):
            Task.objects.filter(pk=task.pk).update(active=False)
        else:
            task.delete()


def ensure_editorial_roles(apps=global_apps):
    """Create or update both groups and the workflow so they have exactly the rights above.

    Returns ``(groups by name, workflow)``. Safe to run any number of times.
    """
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    admin_access = _permission(apps, "wagtailadmin", "admin", "access_admin")
    collection_perms = [_permission(apps, *spec) for spec in COLLECTION_PERMISSIONS]
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    sections = section_page_ids(apps)

    groups = {}
    for name, codenames in PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        # Page and collection rights live in Wagtail's own tables; no model permissions.
        group.permissions.set([admin_access])

        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root_collection, permission__in=collection_perms
        ).delete()
        if root_collection is not None:
            for perm in collection_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )

        page_perms = _page_permissions(apps, codenames)
        GroupPagePermission.objects.filter(group=group).exclude(
            page_id__in=sections, permission__in=page_perms
        ).delete()
        for page_id in sections:
            for perm in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page_id=page_id, permission=perm
                )

    workflow = _ensure_workflow(apps, groups[CHIEF_EDITOR_GROUP])
    for page_id in sections:
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
    return groups, workflow


def _ensure_workflow(apps, chief_editors):
    """The workflow 「編集長レビュー」 with its one task, approved by 編集長 only."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    # Task names cannot be changed in the admin, so the name finds the task again.
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK).order_by("pk").first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=APPROVAL_TASK, content_type=content_type, active=True
        )
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([chief_editors])

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW, active=True)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def grant_section(page_id, apps=global_apps):
    """Give the existing editorial groups their rights on one section page, under review.

    Adds only: what an administrator changed elsewhere is left alone.
    """
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    for name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for perm in _page_permissions(apps, codenames):
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=perm)
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page_id=page_id, defaults={"workflow": workflow})


def _section_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        grant_section(instance.pk)


def connect_signals():
    for label in SECTION_MODELS:
        post_save.connect(_section_created, sender=label, dispatch_uid=f"editorial-roles:{label}")
