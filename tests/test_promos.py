"""LINE promos: URL validation, choosing a promo, rendering, caching and invalidation."""

import datetime
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from columns import promos
from columns.models import ColumnTag
from columns.promos import (
    LinePromo,
    LinePromoColumn,
    PromoCard,
    Target,
    choose,
    normalise_line_id,
    normalise_line_url,
    select_promo,
)

REPO_DIR = Path(__file__).resolve().parent.parent
SITE_CSS = REPO_DIR / "columns" / "static" / "columns" / "css" / "site.css"


def create_promo(name="全コラム", *, live=True, columns=(), **fields):
    """A promo saved with a revision; published unless live=False (then a draft)."""
    data = {
        "heading": "新着コラムをLINEでお届けします",
        "body": "更新をいち早くお知らせします。",
        "line_id": "@gt_column",
        "url": "https://line.me/R/ti/p/%40gt_column",
        "placement": "all",
    }
    data.update(fields)
    promo = LinePromo(name=name, live=False, **data)
    for column in columns:
        promo.placement_columns.add(LinePromoColumn(column=column))
    promo.full_clean()
    promo.save()
    revision = promo.save_revision()
    if live:
        revision.publish()
    promo.refresh_from_db()
    return promo


def render_column(client, column):
    response = client.get(column.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def promo_headings(soup):
    return [h.get_text(strip=True) for h in soup.select(".line-promo__heading")]


# -- URL and LINE ID validation ------------------------------------------------------------

VALID_URLS = [
    ("https://lin.ee/AbC123x", "https://lin.ee/AbC123x"),
    ("  https://lin.ee/AbC123x/ ", "https://lin.ee/AbC123x"),
    ("https://line.me/R/ti/p/%40gt_column", "https://line.me/R/ti/p/%40gt_column"),
    ("https://line.me/R/ti/p/@gt_column", "https://line.me/R/ti/p/%40gt_column"),
    ("HTTPS://LINE.ME/R/ti/p/@123abcde", "https://line.me/R/ti/p/%40123abcde"),
    ("https://line.me/R/ti/p/%40gt-column.jp/", "https://line.me/R/ti/p/%40gt-column.jp"),
]

INVALID_URLS = [
    ("line://ti/p/@gt_column", "line_scheme"),
    ("javascript:alert(1)", "invalid"),
    ("JavaScript://lin.ee/%0Aalert(1)", "invalid"),
    ("http://lin.ee/AbC123x", "http"),
    ("http://line.me/R/ti/p/%40gt_column", "http"),
    ("https://evil.example/R/ti/p/%40gt_column", "invalid"),
    ("https://lin.ee.evil.example/AbC", "invalid"),
    ("https://line.me.evil.example/R/ti/p/%40x", "invalid"),
    ("https://lin.ee@evil.example/AbC", "invalid"),
    ("https://user:pw@lin.ee/AbC", "invalid"),
    ("https://lin.ee:8443/AbC", "invalid"),
    ("https://lin.ee/", "invalid"),
    ("https://lin.ee/AbC/def", "invalid"),
    ("https://lin.ee/AbC?next=https://evil.example", "invalid"),
    ("https://lin.ee/AbC#x", "invalid"),
    ("https://line.me/R/ti/p/~personal", "invalid"),
    ("https://line.me/R/ti/p/gt_column", "invalid"),
    ("https://line.me/en/", "invalid"),
    ("https://page.line.me/gt_column", "invalid"),
    ("//lin.ee/AbC", "invalid"),
    ("lin.ee/AbC", "invalid"),
    ("https://[::1", "invalid"),
    ("", "invalid"),
]


@pytest.mark.parametrize(("value", "expected"), VALID_URLS)
def test_valid_friend_add_urls_are_normalised(value, expected):
    assert normalise_line_url(value) == expected


@pytest.mark.parametrize(("value", "code"), INVALID_URLS)
def test_invalid_friend_add_urls_are_refused(value, code):
    with pytest.raises(ValidationError) as error:
        normalise_line_url(value)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [("@gt_column", "@gt_column"), ("gt_column", "@gt_column"), (" @123abcde ", "@123abcde")],
)
def test_line_ids_are_normalised(value, expected):
    assert normalise_line_id(value) == expected


@pytest.mark.parametrize("value", ["", "@", "@gt column", "@日本語", "@@x", "@" + "a" * 41])
def test_bad_line_ids_are_refused(value):
    with pytest.raises(ValidationError):
        normalise_line_id(value)


def test_form_errors_are_in_japanese(db):
    promo = LinePromo(name="x", heading="x", line_id="@x", url="line://ti/p/@x")
    with pytest.raises(ValidationError) as error:
        promo.full_clean()
    assert "line://" in error.value.message_dict["url"][0]
    assert "使えません" in error.value.message_dict["url"][0]

    promo.url = "http://lin.ee/AbC"
    with pytest.raises(ValidationError) as error:
        promo.full_clean()
    assert "https://" in error.value.message_dict["url"][0]
    assert "で始まる" in error.value.message_dict["url"][0]

    promo.url = "https://evil.example/x"
    with pytest.raises(ValidationError) as error:
        promo.full_clean()
    assert "友だち追加URL" in error.value.message_dict["url"][0]


def test_clean_stores_the_normalised_url_and_id(db):
    promo = LinePromo(
        name="x", heading="x", line_id="gt_column", url="https://line.me/R/ti/p/@gt_column"
    )
    promo.full_clean()
    assert promo.url == "https://line.me/R/ti/p/%40gt_column"
    assert promo.line_id == "@gt_column"


def test_line_id_must_match_the_url(db):
    promo = LinePromo(
        name="x", heading="x", line_id="@other", url="https://line.me/R/ti/p/@gt_column"
    )
    with pytest.raises(ValidationError) as error:
        promo.full_clean()
    assert "@gt_column" in error.value.message_dict["line_id"][0]
    # lin.ee links do not carry the ID: nothing to compare.
    promo.url = "https://lin.ee/AbC123"
    promo.full_clean()


def test_default_button_label_is_japanese(db):
    assert LinePromo().button_label == "友だち追加"


@pytest.mark.parametrize(("placement", "field"), [("series", "series"), ("tag", "tag")])
def test_placement_needs_its_target(db, placement, field):
    promo = LinePromo(
        name="x", heading="x", line_id="@x", url="https://lin.ee/AbC", placement=placement
    )
    with pytest.raises(ValidationError) as error:
        promo.full_clean()
    assert field in error.value.message_dict


def test_targets_of_other_placements_are_cleared(series):
    tag = ColumnTag.objects.create(name="安全保障")
    promo = LinePromo(
        name="x",
        heading="x",
        line_id="@x",
        url="https://lin.ee/AbC",
        placement="series",
        series=series,
        tag=tag,
    )
    promo.full_clean()
    assert promo.series_id == series.pk and promo.tag_id is None


# -- choosing a promo ----------------------------------------------------------------------


def card(pk, placement="all", priority=0, weight=1, **fields):
    data = {
        "pk": pk,
        "name": f"p{pk}",
        "heading": f"h{pk}",
        "body": "",
        "button_label": "友だち追加",
        "line_id": "@x",
        "url": "https://lin.ee/AbC",
        "image_id": None,
        "image_alt": "",
        "placement": placement,
        "priority": priority,
        "weight": weight,
        "go_live_at": None,
        "expire_at": None,
    }
    data.update(fields)
    return PromoCard(**data)


NOW = datetime.datetime(2025, 4, 1, 12, 0, tzinfo=datetime.UTC)
COLUMN = Target(page_id=42, parent_path="000100010001", tag_ids=frozenset({7, 8}))


def test_most_specific_placement_wins():
    everyone = card(1, "all", priority=100)
    series = card(2, "series", priority=50, series_id=5, series_path="000100010001")
    tag = card(3, "tag", priority=10, tag_id=8)
    column = card(4, "columns", column_ids=frozenset({42}))
    assert choose([everyone], COLUMN, NOW) is everyone
    assert choose([everyone, series], COLUMN, NOW) is series
    assert choose([everyone, series, tag], COLUMN, NOW) is tag
    assert choose([everyone, series, tag, column], COLUMN, NOW) is column


def test_placements_that_do_not_fit_are_ignored():
    other_series = card(2, "series", series_id=6, series_path="000100010002")
    other_tag = card(3, "tag", tag_id=9)
    other_column = card(4, "columns", column_ids=frozenset({43}))
    assert choose([other_series, other_tag, other_column], COLUMN, NOW) is None
    assert choose([], COLUMN, NOW) is None


def test_priority_breaks_ties_within_a_placement():
    low, high = card(1, priority=0), card(2, priority=5)
    assert choose([low, high], COLUMN, NOW) is high


def test_schedule_window_is_checked_at_render_time():
    hour = datetime.timedelta(hours=1)
    expired = card(1, priority=9, expire_at=NOW - hour)
    not_yet = card(2, priority=8, go_live_at=NOW + hour)
    running = card(3, priority=7, go_live_at=NOW - hour, expire_at=NOW + hour)
    assert choose([expired, not_yet, running], COLUMN, NOW) is running
    assert choose([expired, not_yet, running], COLUMN, NOW + 2 * hour) is not_yet
    # The expiry moment itself is already over.
    assert choose([card(4, expire_at=NOW)], COLUMN, NOW) is None


def test_equal_candidates_are_split_by_weight_deterministically():
    light, heavy = card(1, weight=1), card(2, weight=3)
    picks = {}
    for page_id in range(1, 2001):
        target = Target(page_id=page_id, parent_path="", tag_ids=frozenset())
        first = choose([light, heavy], target, NOW)
        # Same page, same answer, whatever the order of the candidates.
        assert choose([heavy, light], target, NOW) is first
        picks[page_id] = first.pk
    share = sum(1 for pk in picks.values() if pk == 2) / len(picks)
    assert 0.70 < share < 0.80


def test_draft_promo_is_never_chosen(make_column):
    column = make_column()
    create_promo("下書き", live=False)
    assert select_promo(column) is None


def test_scheduled_promo_waits_for_publish_scheduled(make_column):
    column = make_column()
    promo = create_promo("予約", live=False, go_live_at=timezone.now() + datetime.timedelta(days=1))
    promo.latest_revision.publish()
    promo.refresh_from_db()
    assert not promo.live and promo.latest_revision.approved_go_live_at
    assert select_promo(column) is None


def test_live_promo_with_unpublished_changes_shows_its_live_version(make_column):
    column = make_column()
    promo = create_promo(heading="公開中の見出し")
    promo.heading = "下書きの見出し"
    promo.save_revision()
    assert select_promo(column).heading == "公開中の見出し"


def test_promo_rules_on_real_pages(make_column, series, home):
    tagged = make_column("タグ付き", tags=["安全保障"])
    plain = make_column("タグなし", date=datetime.date(2024, 9, 1))
    other_series = home.add_child(
        instance=series.__class__(title="別シリーズ", slug="other-series")
    )
    elsewhere = make_column("別シリーズの回", parent=other_series)
    tag = ColumnTag.objects.get(name="安全保障")
    create_promo("全体")
    create_promo("シリーズ", placement="series", series=series)
    create_promo("タグ", placement="tag", tag=tag)
    create_promo("個別", placement="columns", columns=[plain])
    assert select_promo(tagged).name == "タグ"
    assert select_promo(plain).name == "個別"
    assert select_promo(elsewhere).name == "全体"
    # Outside a column: the series page gets its series' promo.
    assert select_promo(series).name == "シリーズ"
    assert select_promo(home).name == "全体"


# -- rendering -------------------------------------------------------------------------------


def test_column_shows_both_variants_with_accessible_names(client, make_column):
    column = make_column()
    promo = create_promo()
    soup = render_column(client, column)
    block = soup.select_one("article.column aside.line-promo")
    assert block is not None
    heading_id = block["aria-labelledby"]
    assert block.select_one(f"#{heading_id}").get_text() == promo.heading
    assert block.select_one(".line-promo__body").get_text() == promo.body

    button = block.select_one(".line-promo__phone a.line-promo__button")
    assert button.get_text(strip=True) == "友だち追加"
    assert button["aria-label"] == "LINEで友だち追加"
    assert button["href"] == f"/promo/{promo.pk}/go/?from={column.pk}"
    assert set(button["rel"]) >= {"nofollow", "noopener"}

    wide = block.select_one(".line-promo__wide")
    qr_link = wide.select_one("a.line-promo__qr")
    assert qr_link["href"] == button["href"]
    assert "nofollow" in qr_link["rel"]
    svg = qr_link.select_one("svg")
    assert svg["role"] == "img"
    assert svg["aria-label"] == "LINE友だち追加用QRコード"
    assert svg.select_one("title").get_text() == "LINE友だち追加用QRコード"
    assert svg["width"] == svg["height"] and int(svg["width"]) >= 100
    assert svg["viewbox"].startswith("0 0 ")
    assert "@gt_column" in wide.select_one(".line-promo__id").get_text()


def test_qr_code_encodes_the_stored_url():
    import segno

    svg, size = promos.qr_svg("https://line.me/R/ti/p/%40gt_column")
    expected = segno.make("https://line.me/R/ti/p/%40gt_column", error="m", micro=False)
    assert size == expected.symbol_size(scale=promos.QR_SCALE, border=promos.QR_BORDER)[0]
    assert svg.startswith("<svg ") and "<script" not in svg


def test_custom_button_label_stays_in_the_accessible_name(client, make_column):
    column = make_column()
    create_promo(button_label="登録する")
    button = render_column(client, column).select_one(".line-promo__button")
    assert button.get_text(strip=True) == "登録する"
    assert button["aria-label"].startswith("登録する")
    assert "LINEで友だち追加" in button["aria-label"]


def test_label_equal_to_the_name_needs_no_aria_label(client, make_column):
    column = make_column()
    create_promo(button_label="LINEで友だち追加")
    button = render_column(client, column).select_one(".line-promo__button")
    assert button.get_text(strip=True) == "LINEで友だち追加"
    assert not button.has_attr("aria-label")


def test_no_inline_styles_or_scripts_in_the_promo(client, make_column, hero_image):
    column = make_column()
    create_promo(image=hero_image, image_alt="LINEの画面")
    block = render_column(client, column).select_one("aside.line-promo")
    assert block.select("script") == []
    assert [tag.name for tag in block.find_all(style=True)] == []
    assert not any(attr.startswith("on") for tag in block.find_all() for attr in tag.attrs)
    image = block.select_one("img.line-promo__image")
    assert image["alt"] == "LINEの画面"
    assert int(image["width"]) > 0 and int(image["height"]) > 0


def test_no_promo_renders_nothing(client, make_column):
    column = make_column()
    soup = render_column(client, column)
    assert soup.select(".line-promo") == []
    assert "line-promo" not in str(soup.select_one("article.column"))


def test_share_button_on_every_column(client, make_column):
    column = make_column()
    link = render_column(client, column).select_one("article.column a.line-share__link")
    assert link.get_text(strip=True) == "LINEで送る"
    assert link["href"] == (
        "https://social-plugins.line.me/lineit/share?url="
        "http%3A%2F%2Ftestserver%2Fglobal-trend%2F20240809%2F"
    )
    assert "noopener" in link["rel"]
    assert not link.has_attr("onclick")


def test_template_tag_works_on_other_templates(rf, series, make_column):
    create_promo("シリーズ", placement="series", series=series)
    request = rf.get("/")
    html = Template("{% load promo_tags %}{% line_promo page %}").render(
        Context({"page": series, "request": request})
    )
    assert "line-promo" in html and f"from={series.pk}" in html
    assert Template("{% load promo_tags %}[{% line_promo page %}]").render(Context({})) == "[]"


def test_page_preview_links_straight_to_line(make_column):
    column = make_column()
    promo = create_promo()
    request = RequestFactory().get("/")
    request.is_preview = True
    html = Template("{% load promo_tags %}{% line_promo page %}").render(
        Context({"page": column, "request": request})
    )
    assert f'href="{promo.url}"' in html and "/promo/" not in html


# -- queries and caching --------------------------------------------------------------------


def test_choosing_costs_one_query_on_a_miss_and_none_on_a_hit(make_column, series):
    column = make_column(tags=["安全保障"])
    tag = ColumnTag.objects.get(name="安全保障")
    create_promo("全体")
    create_promo("タグ", placement="tag", tag=tag)
    create_promo("個別", placement="columns", columns=[column])
    create_promo("シリーズ", placement="series", series=series)
    tag_ids = [tag.pk]
    promos.bump_version()
    with CaptureQueriesContext(connection) as miss:
        assert select_promo(column, tag_ids=tag_ids).name == "個別"
    assert len(miss) == 1
    with CaptureQueriesContext(connection) as hit:
        assert select_promo(column, tag_ids=tag_ids).name == "個別"
    assert len(hit) == 0


def test_rendering_the_promo_costs_no_query_on_a_hit(rf, make_column, django_assert_num_queries):
    column = make_column()
    create_promo()
    template = Template("{% load promo_tags %}{% line_promo page %}")
    context = {"page": column, "tags": [], "request": rf.get("/")}
    first = template.render(Context(context))
    with django_assert_num_queries(0):
        assert template.render(Context(context)) == first


def test_column_page_queries_do_not_grow_with_promos(client, make_column, series):
    column = make_column(tags=["安全保障"])
    tag = ColumnTag.objects.get(name="安全保障")
    client.get(column.url)
    with CaptureQueriesContext(connection) as without:
        client.get(column.url)
    for i in range(5):
        create_promo(f"タグ{i}", placement="tag", tag=tag, priority=i)
    create_promo("個別", placement="columns", columns=[column])
    client.get(column.url)  # fills the cache
    with CaptureQueriesContext(connection) as cached:
        client.get(column.url)
    assert len(cached) == len(without)


def test_publishing_a_change_shows_at_once(client, make_column):
    column = make_column()
    promo = create_promo(heading="最初の見出し")
    assert promo_headings(render_column(client, column)) == ["最初の見出し"]

    promo.heading = "変更後の見出し"
    promo.save_revision().publish()
    assert promo_headings(render_column(client, column)) == ["変更後の見出し"]


def test_unpublishing_hides_at_once(client, make_column):
    column = make_column()
    promo = create_promo()
    assert promo_headings(render_column(client, column))
    promo.unpublish()
    assert promo_headings(render_column(client, column)) == []


def test_publishing_a_new_promo_shows_at_once(client, make_column):
    column = make_column()
    create_promo("全体")
    assert promo_headings(render_column(client, column)) == ["新着コラムをLINEでお届けします"]
    create_promo("個別", placement="columns", columns=[column], heading="この回だけの案内")
    assert promo_headings(render_column(client, column)) == ["この回だけの案内"]


def test_deleting_hides_at_once(client, make_column):
    column = make_column()
    promo = create_promo()
    assert promo_headings(render_column(client, column))
    promo.delete()
    assert promo_headings(render_column(client, column)) == []


def test_expiry_hides_without_publish_scheduled(client, make_column, monkeypatch):
    column = make_column()
    expire_at = timezone.now() + datetime.timedelta(hours=1)
    create_promo(expire_at=expire_at)
    assert promo_headings(render_column(client, column))
    # Time passes; publish_scheduled has not run, so the promo is still live in the database.
    later = expire_at + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert LinePromo.objects.get().live
    assert promo_headings(render_column(client, column)) == []


def test_expiry_set_directly_in_the_database_is_honoured(client, make_column):
    column = make_column()
    promo = create_promo()
    assert promo_headings(render_column(client, column))
    # An update behind Wagtail's back sends no signal: it shows once the list is reloaded.
    LinePromo.objects.filter(pk=promo.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    promos.bump_version()
    assert promo_headings(render_column(client, column)) == []


def test_go_live_of_a_live_promo_is_honoured_when_the_time_comes(client, make_column, monkeypatch):
    column = make_column()
    go_live_at = timezone.now() + datetime.timedelta(hours=1)
    promo = create_promo()
    # A live row whose go_live_at lies ahead (e.g. set in the database) waits for it.
    LinePromo.objects.filter(pk=promo.pk).update(go_live_at=go_live_at)
    promos.bump_version()
    assert promo_headings(render_column(client, column)) == []
    later = go_live_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert promo_headings(render_column(client, column)) == [promo.heading]


def test_publish_scheduled_brings_the_scheduled_promo(client, make_column, monkeypatch):
    from django.core.management import call_command

    column = make_column()
    go_live_at = timezone.now() + datetime.timedelta(hours=1)
    promo = create_promo("予約", live=False, go_live_at=go_live_at, heading="予約した案内")
    promo.latest_revision.publish()
    assert promo_headings(render_column(client, column)) == []
    later = go_live_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled", verbosity=0)
    assert promo_headings(render_column(client, column)) == ["予約した案内"]


class RecordingBackend:
    """A frontend-cache backend that remembers what it was asked to purge."""

    purged = []

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge(self, url):
        self.purged.append(url)

    def purge_batch(self, urls):
        self.purged.extend(urls)


def test_frontend_cache_purge_covers_old_and_new_targets(
    settings, make_column, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": "tests.test_promos.RecordingBackend"}}
    first = make_column("一本目")
    second = make_column("二本目", date=datetime.date(2024, 9, 1))
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        promo = create_promo("個別", placement="columns", columns=[first])
    assert set(RecordingBackend.purged) == {first.full_url}

    RecordingBackend.purged = []
    promo.placement_columns = [LinePromoColumn(column=second)]
    with django_capture_on_commit_callbacks(execute=True):
        promo.save_revision().publish()
    assert set(RecordingBackend.purged) == {first.full_url, second.full_url}

    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        promo.unpublish()
    assert set(RecordingBackend.purged) == {second.full_url}


def test_no_purge_without_a_frontend_cache(
    make_column, monkeypatch, django_capture_on_commit_callbacks
):
    make_column()

    def fail(*args, **kwargs):
        raise AssertionError("purged without a frontend cache")

    monkeypatch.setattr("columns.page_cache.PurgeBatch", fail)
    with django_capture_on_commit_callbacks(execute=True):
        promo = create_promo()
        promo.unpublish()
        promo.delete()


# -- contrast ------------------------------------------------------------------------------


def _luminance(hex_colour):
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_variables():
    text = SITE_CSS.read_text(encoding="utf-8")
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{3,6})\b", text))


def test_wcag_formula():
    assert round(contrast("#fff", "#06c755"), 2) == 2.26  # why LINE green needs dark text
    assert round(contrast("#000", "#fff"), 1) == 21.0


def test_promo_colours_meet_wcag_aa():
    css = SITE_CSS.read_text(encoding="utf-8")
    variables = css_variables()
    button_rule = re.search(r"\.line-promo__button, \.line-share__link \{(.*?)\}", css, re.S)[1]
    assert "background: var(--line-green)" in button_rule
    assert "color: var(--line-green-text)" in button_rule
    assert contrast(variables["--line-green-text"], variables["--line-green"]) >= 4.5
    assert contrast(variables["--text"], variables["--line-promo-bg"]) >= 4.5
    assert contrast(variables["--muted"], variables["--line-promo-bg"]) >= 4.5


def test_phone_button_is_at_least_44px():
    css = SITE_CSS.read_text(encoding="utf-8")
    button_rule = re.search(r"\.line-promo__button, \.line-share__link \{(.*?)\}", css, re.S)[1]
    assert "min-width: 44px" in button_rule and "min-height: 44px" in button_rule
