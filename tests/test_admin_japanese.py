"""Japanese editors see Wagtail's admin in Japanese, also where Wagtail's own Japanese
catalogs leave strings in English (config/locale supplies them)."""

import ast
import datetime
import json
import re
from pathlib import Path

import pytest
import wagtail.admin
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image

from columns.promos import LinePromo
from tests.conftest import make_image_file
from tests.test_promos_admin import local, publish, snippet_url


def assert_japanese(html, japanese, english):
    """Every Japanese text is on the page and none of the English ones it replaces."""
    missing = [text for text in japanese if text not in html]
    left = [text for text in english if text in html]
    assert not missing and not left, f"missing {missing}, still English {left}"


def js_catalog(client):
    """The JavaScript catalog the admin loads, as {msgid: translation(s)}."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\n  \});", response.content.decode(), re.S)
    return json.loads(match.group(1)) if match else {}


def test_page_editor_scripts_speak_japanese(admin_client):
    catalog = js_catalog(admin_client)
    # The minimap's button, the side panel toggle, StreamField and rich text controls.
    assert catalog["Collapse all"] == "すべて折りたたむ"
    assert catalog["Expand all"] == "すべて展開"
    assert catalog["Toggle side panel"] == "サイドパネルの表示切り替え"
    assert catalog["Insert a block"] == "ブロックを挿入"
    assert catalog["Write something or type ‘/’ to insert a block"] == (
        "文章を入力するか、「/」を入力してブロックを挿入"
    )
    assert catalog["Character count:"] == "文字数:"
    # The checks panel's reading time and readability.
    assert catalog["%(num)s min"] == ["%(num)s分"]
    assert catalog["Good"] == "良い"
    # Autosave, comments and the main menu.
    assert catalog["Changes have been autosaved."] == "変更は自動保存されました。"
    assert catalog["Enter your comments..."] == "コメントを入力..."
    assert catalog["Main menu"] == "メインメニュー"
    # Wagtail's own Japanese still comes through.
    assert catalog["Save"] == "保存"


def wagtail_script_msgids():
    """The msgids of Wagtail's admin scripts, from the catalog Wagtail extracts them to."""
    po = Path(wagtail.admin.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po"
    msgids = []
    for entry in po.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if match:
            msgids.append(
                "".join(ast.literal_eval(part) for part in match.group(1).split("\n") if part)
            )
    return [msgid for msgid in msgids if msgid]


def test_every_admin_script_string_has_japanese(admin_client):
    catalog = js_catalog(admin_client)
    msgids = wagtail_script_msgids()
    assert "Collapse all" in msgids
    missing = [msgid for msgid in msgids if msgid not in catalog]
    # A time zone shown as "option: label" needs no translation.
    assert missing == ["%(time_zone_option)s: %(localized_time_zone_label)s"]


# -- needs the entries of columns/wagtail_strings.py in config/locale/ja django.po -----------


def test_page_editor_shows_the_usage_count_in_japanese(admin_client, make_column):
    column = make_column(title="参照数のテスト")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(column.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "0回参照" in html
    assert "Referenced 0 times" not in html


def test_page_editor_side_panels_and_autosave_speak_japanese(admin_client, make_column):
    column = make_column(title="サイドパネルのテスト")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(column.pk,)))
    html = response.content.decode()
    assert_japanese(
        html,
        (
            "サイドパネルの幅",
            "状態の表示切り替え",
            "チェックの表示切り替え",
            "自動保存は一時停止中です",
            "最新のバージョンを見る",
            "キーボードショートカット",
        ),
        ("Side panel width", "Toggle checks", "Autosave is paused", "Keyboard shortcut"),
    )


def test_page_explorer_filters_and_bulk_actions_speak_japanese(admin_client, series, make_column):
    make_column(title="一覧のテスト")
    response = admin_client.get(reverse("wagtailadmin_explore", args=(series.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert_japanese(
        html,
        ("一括操作", "更新日時", "子ページあり", "絞り込み", "0回参照"),
        ("Bulk actions", "Date updated", "Has child pages", "Filter by"),
    )


@pytest.mark.parametrize(
    ("url_name", "japanese", "english"),
    [
        ("wagtailadmin_reports:aging_pages", "最終公開者", "Last published by"),
        ("wagtailadmin_reports:page_types_usage", "最後に編集されたページ", "Last edited page"),
        ("wagtailadmin_reports:site_history", "日時", "Date / Time"),
        ("wagtailadmin_reports:locked_pages", "ロックしたユーザー", "Locked by"),
        ("wagtailadmin_reports:workflow", "タスク別", "By task"),
    ],
)
def test_reports_speak_japanese(admin_client, make_column, url_name, japanese, english):
    make_column(title="レポートのテスト")
    html = admin_client.get(reverse(url_name)).content.decode()
    assert japanese in html
    assert english not in html


def test_promo_editor_messages_speak_japanese(staff_client):
    html = staff_client.post(snippet_url("add"), publish(), follow=True).content.decode()
    assert "LINEプロモ &#x27;全コラム共通&#x27; が作成され、公開されました。" in html
    assert "created and published" not in html
    promo_id = LinePromo.objects.get().pk
    go_live_at = local(timezone.now() + datetime.timedelta(days=2))
    html = staff_client.post(
        snippet_url("edit", promo_id), publish(go_live_at=go_live_at), follow=True
    ).content.decode()
    assert "は公開中です。このバージョンの公開が予約されました。" in html
    assert "scheduled for publishing" not in html


def test_scheduled_promo_history_speaks_japanese_without_calling_it_a_page(staff_client):
    go_live_at = timezone.now() + datetime.timedelta(days=2)
    staff_client.post(snippet_url("add"), publish(go_live_at=local(go_live_at)))
    html = staff_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "に公開を予約しました" in html
    assert "Page scheduled for publishing" not in html
    assert "ログエントリー" in html
    assert "model log entries" not in html


def test_image_listing_sorting_and_search_speak_japanese(admin_client):
    for n in range(3):
        Image.objects.create(title=f"図版{n}", file=make_image_file(f"figure{n}.png", (40, 30)))
    html = admin_client.get(reverse("wagtailimages:index"), {"q": "図版"}).content.decode()
    assert_japanese(
        html,
        (
            "並べ替え",
            "新しい順",
            "タイトル（A→Z）",
            "ファイルサイズ（大きい順）",
            "参照数（少ない順）",
            "3件が一致しました",
            "選択した画像を削除します",
        ),
        ("Sort by", "Newest", "Title: (A -&gt; Z)", "File size", "There are 3 matches"),
    )


def test_document_listing_speaks_japanese(admin_client):
    Document.objects.create(title="資料", file=ContentFile(b"hello", name="notes.txt"))
    html = admin_client.get(reverse("wagtaildocs:index")).content.decode()
    assert_japanese(
        html,
        ("参照数", "コレクションに追加", "選択したドキュメントにタグを追加します"),
        ("Usage count", "Add to collection", "Add tags to the selected documents"),
    )


def test_account_preferences_speak_japanese(staff_client):
    html = staff_client.get(reverse("wagtailadmin_account")).content.decode()
    assert_japanese(
        html,
        (
            "名前とEメール",
            "プロフィール写真",
            "サーバーのタイムゾーンを使う",
            "テーマの設定",
            "システムの設定に従う",
            "表示密度",
            "<span>保存していない変更</span>があります",
        ),
        ("Name and Email", "Profile picture", "Theme preferences", "unsaved edits"),
    )


def test_page_explorer_search_scope_speaks_japanese(admin_client, series, make_column):
    make_column(title="検索範囲のテスト")
    url = reverse("wagtailadmin_explore", args=(series.pk,))
    html = admin_client.get(url, {"q": "検索範囲"}).content.decode()
    assert "件中 1〜1件" in html
    assert "1-1 of 1" not in html
    assert "サイト全体を検索" in html
    assert "Search the whole site" not in html
    html = admin_client.get(url, {"q": "検索範囲", "search_all": 1}).content.decode()
    assert "サイト全体の" in html
    assert "across entire site" not in html
