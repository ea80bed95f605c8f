"""The LINE promo listing tells promo staff what readers get: live, scheduled, draft or
finished, with the time that applies, in Japanese and in the site's time zone."""

import datetime
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from columns.promos import LinePromo, live_candidates
from tests.test_promos import create_promo

LIST_URL = "wagtailsnippets_columns_linepromo:list"
TOKYO = ZoneInfo("Asia/Tokyo")


def tokyo(moment):
    """How the admin prints a moment: Japanese DATETIME_FORMAT, Asia/Tokyo."""
    local = moment.astimezone(TOKYO)
    return f"{local.year}年{local.month}月{local.day}日{local.hour}:{local.minute:02d}"


def statuses(client):
    """{promo name: (status tag, [detail lines])} as the listing shows them."""
    response = client.get(reverse(LIST_URL))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    for row in soup.select("table tbody tr"):
        tag = row.select_one(".w-status")
        cell = tag.find_parent("td")
        name = row.select_one("[id$='_title']").get_text(strip=True)
        details = [div.get_text(strip=True) for div in cell.select("div")]
        found[name] = (tag.get_text(strip=True), details)
    return found


def schedule(promo, go_live_at, expire_at=None):
    """Publish with a go-live time ahead, as 「公開を予約」 does: the promo waits for it."""
    promo.go_live_at = go_live_at
    promo.expire_at = expire_at
    promo.save()
    promo.save_revision().publish()
    promo.refresh_from_db()
    return promo


def test_listing_header_has_a_status_column(staff_client, db):
    create_promo("公開中")
    response = staff_client.get(reverse(LIST_URL))
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("table thead th")]
    assert "ステータス" in headers


def test_each_state_shows_what_readers_get(staff_client, db):
    now = timezone.now()
    go_live_at = now + datetime.timedelta(days=7)
    expire_at = go_live_at + datetime.timedelta(days=30)
    ends_at = now + datetime.timedelta(days=3)
    create_promo("公開中の告知")
    create_promo("期限付きの告知", expire_at=ends_at)
    schedule(create_promo("予約の告知", live=False), go_live_at, expire_at)
    schedule(create_promo("開始日だけ予約", live=False), go_live_at)
    create_promo("下書きの告知", live=False)

    shown = statuses(staff_client)

    assert shown["公開中の告知"] == ("公開中", [])
    assert shown["期限付きの告知"] == ("公開中", [f"{tokyo(ends_at)}まで"])
    assert shown["予約の告知"] == ("予約", [f"{tokyo(go_live_at)}から{tokyo(expire_at)}まで"])
    assert shown["開始日だけ予約"] == ("予約", [f"{tokyo(go_live_at)}から"])
    assert shown["下書きの告知"] == ("下書き", [])


def test_live_status_is_styled_as_wagtails_primary_tag(staff_client, db):
    create_promo("公開中の告知")
    create_promo("下書きの告知", live=False)
    soup = BeautifulSoup(staff_client.get(reverse(LIST_URL)).content, "html.parser")
    primary = [
        row.select_one("[id$='_title']").get_text(strip=True)
        for row in soup.select("table tbody tr")
        if row.select_one(".w-status.w-status--primary")
    ]
    assert primary == ["公開中の告知"]


def test_expired_promo_is_finished_before_and_after_publish_scheduled(staff_client, db):
    ended_at = timezone.now() - datetime.timedelta(minutes=5)
    # Still live in the database until publish_scheduled runs, yet readers no longer see it.
    create_promo("期限切れの告知", expire_at=ended_at)
    assert statuses(staff_client)["期限切れの告知"] == ("終了", [f"{tokyo(ended_at)}に終了"])

    call_command("publish_scheduled", verbosity=0)
    promo = LinePromo.objects.get(name="期限切れの告知")
    assert promo.expired and not promo.live
    assert statuses(staff_client)["期限切れの告知"] == ("終了", [f"{tokyo(ended_at)}に終了"])


def test_live_promo_with_pending_changes(staff_client, db):
    changes_at = timezone.now() + datetime.timedelta(days=2)
    scheduled = create_promo("変更を予約した告知", heading="いまの見出し")
    scheduled.heading = "来週の見出し"
    scheduled.go_live_at = changes_at
    scheduled.save_revision().publish()  # a live promo keeps its row until then
    edited = create_promo("編集中の告知", heading="いまの見出し")
    edited.heading = "書きかけの見出し"
    edited.save_revision()

    shown = statuses(staff_client)

    assert shown["変更を予約した告知"] == ("公開中", [f"{tokyo(changes_at)}に変更を公開予定"])
    assert shown["編集中の告知"] == ("公開中", ["未公開の変更あり"])


def test_live_row_waiting_for_its_go_live_time_is_scheduled(staff_client, db):
    go_live_at = timezone.now() + datetime.timedelta(hours=1)
    promo = create_promo("開始待ちの告知")
    # A live row whose go_live_at lies ahead (set in the database) is not shown yet.
    LinePromo.objects.filter(pk=promo.pk).update(go_live_at=go_live_at)
    assert statuses(staff_client)["開始待ちの告知"] == ("予約", [f"{tokyo(go_live_at)}から"])


def test_live_status_agrees_with_the_promos_readers_get(staff_client, db):
    now = timezone.now()
    create_promo("公開中の告知")
    create_promo("期限切れの告知", expire_at=now - datetime.timedelta(minutes=1))
    schedule(create_promo("予約の告知", live=False), now + datetime.timedelta(days=1))
    create_promo("下書きの告知", live=False)

    listed_live = {name for name, (tag, _d) in statuses(staff_client).items() if tag == "公開中"}
    showing = {card.name for card in live_candidates() if card.is_showing(timezone.now())}
    assert listed_live == showing == {"公開中の告知"}
