"""Dashboard panels of the editors' desk: columns awaiting review, columns going live
soon, and LINE friend-add clicks of the last seven days.

Each panel is added only for users who may see what it shows (see
``panels_for``), lists only columns the user may edit or publish, and reads
what it shows with a fixed number of queries.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState
from wagtail.permissions import page_permission_policy

from .models import ColumnPage
from .promos import LinePromoClick

LIST_LIMIT = 20
SCHEDULE_DAYS = 7
CLICK_DAYS = 7


def may_work_on_columns(user):
    return page_permission_policy.user_has_any_permission(user, {"add", "change", "publish"})


def _column_ids_for(user, queryset, field="object_id"):
    """Limit rows keyed by a page id (a string, as Wagtail stores it) to columns the user
    may edit or publish; superusers see all."""
    if user.is_superuser:
        return queryset
    pages = page_permission_policy.instances_user_has_any_permission_for(
        user, {"change", "publish"}
    )
    return queryset.filter(
        **{f"{field}__in": pages.annotate(str_pk=Cast("pk", CharField())).values("str_pk")}
    )


def _columns_by_id(ids):
    return ColumnPage.objects.only("pk", "title", "draft_title", "path", "depth").in_bulk(ids)


class DashboardPanel(Component):
    """A dashboard panel of this site: text and tables in Wagtail's panel frame."""

    class Media:
        css = {"all": ["columns/admin/dashboard.css"]}


class AwaitingReviewPanel(DashboardPanel):
    """Columns submitted for review whose current task (編集長's approval) is still open."""

    name = "columns_awaiting_review"
    template_name = "columns/admin/dashboard_awaiting_review.html"
    order = 230

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        states = _column_ids_for(
            request.user,
            WorkflowState.objects.filter(
                status=WorkflowState.STATUS_IN_PROGRESS,
                base_content_type=ContentType.objects.get_for_model(Page),
                content_type=ContentType.objects.get_for_model(ColumnPage),
            ),
        )
        total = states.count()
        rows = list(
            states.select_related("current_task_state__task", "requested_by").order_by(
                "current_task_state__started_at", "pk"
            )[:LIST_LIMIT]
        )
        columns = _columns_by_id([int(state.object_id) for state in rows])
        items = [
            {
                "column": columns[int(state.object_id)],
                "task": state.current_task_state.task if state.current_task_state else None,
                "requested_by": state.requested_by,
                "since": state.current_task_state.started_at
                if state.current_task_state
                else state.created_at,
            }
            for state in rows
            if int(state.object_id) in columns
        ]
        return {"items": items, "total": total, "request": request}


class ScheduledColumnsPanel(DashboardPanel):
    """Columns whose approved go-live time falls within the next seven days, soonest first.

    Wagtail keeps the approved time on the revision to be published
    (``approved_go_live_at``); a time already past is listed too, first, until
    ``publish_scheduled`` runs.
    """

    name = "columns_scheduled"
    template_name = "columns/admin/dashboard_scheduled.html"
    order = 235

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        revisions = _column_ids_for(
            request.user,
            Revision.page_revisions.filter(
                content_type=ContentType.objects.get_for_model(ColumnPage),
                approved_go_live_at__isnull=False,
                approved_go_live_at__lte=now + datetime.timedelta(days=SCHEDULE_DAYS),
            ),
        )
        total = revisions.count()
        rows = list(
            revisions.only("pk", "object_id", "object_str", "approved_go_live_at").order_by(
                "approved_go_live_at", "pk"
            )[:LIST_LIMIT]
        )
        columns = _columns_by_id([int(revision.object_id) for revision in rows])
        items = [
            {
                "column": columns[int(revision.object_id)],
                # The title as it will go live, not that of a later draft.
                "title": revision.object_str,
                "go_live_at": revision.approved_go_live_at,
                "overdue": revision.approved_go_live_at <= now,
            }
            for revision in rows
            if int(revision.object_id) in columns
        ]
        return {"items": items, "total": total, "days": SCHEDULE_DAYS, "request": request}


class PromoClicksPanel(DashboardPanel):
    """LINE friend-add clicks on all promos in the last seven days, today included."""

    name = "columns_promo_clicks"
    template_name = "columns/admin/dashboard_promo_clicks.html"
    order = 245

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        start = today - datetime.timedelta(days=CLICK_DAYS - 1)
        total = LinePromoClick.objects.filter(day__gte=start, day__lte=today).aggregate(
            total=Sum("count")
        )["total"]
        query = urlencode({"day_from": start.isoformat(), "day_to": today.isoformat()})
        return {
            "total": total or 0,
            "days": CLICK_DAYS,
            "start": start,
            "end": today,
            "report_url": f"{reverse('line_promo_clicks')}?{query}",
        }


def panels_for(request):
    """The panels this user may see."""
    user = request.user
    panels = []
    if may_work_on_columns(user):
        if getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            panels.append(AwaitingReviewPanel())
        panels.append(ScheduledColumnsPanel())
    # The same permission as the click report itself.
    if user.has_perm("columns.change_linepromo"):
        panels.append(PromoClicksPanel())
    return panels
