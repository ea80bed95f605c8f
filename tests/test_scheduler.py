"""run_scheduler: publish_scheduled in a loop, for hosts without cron."""

import datetime

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from columns.models import ColumnPage


def test_one_round_publishes_due_columns_and_expires_old_ones(
    client, make_column, series, monkeypatch
):
    scheduled = make_column(title="予約投稿の回", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(minutes=1)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert Revision.objects.filter(object_id=str(scheduled.pk), approved_go_live_at__isnull=False)
    expiring = make_column(title="掲載終了の回", date=datetime.date(2024, 1, 1))
    reader_column = make_column(title="読者が開く回", date=datetime.date(2024, 3, 1))
    back_numbers = client.get(reader_column.url).content.decode()
    assert "掲載終了の回" in back_numbers and "予約投稿の回" not in back_numbers
    ColumnPage.objects.filter(pk=expiring.pk).update(
        expire_at=timezone.now() + datetime.timedelta(seconds=30)
    )
    # The clock moves past both times.
    later = timezone.now() + datetime.timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    call_command("run_scheduler", "--once", verbosity=0)

    assert ColumnPage.objects.get(pk=scheduled.pk).live
    assert not ColumnPage.objects.get(pk=expiring.pk).live
    index = client.get(series.url).content.decode()
    assert "予約投稿の回" in index
    assert "掲載終了の回" not in index
    # The back numbers under another column follow too.
    back_numbers = client.get(reader_column.url).content.decode()
    assert "予約投稿の回" in back_numbers
    assert "掲載終了の回" not in back_numbers
