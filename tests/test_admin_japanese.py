"""Japanese editors see Wagtail's admin in Japanese, also where Wagtail's own Japanese
catalogs leave strings in English (config/locale supplies them)."""

import ast
import json
import re
from pathlib import Path

import pytest
import wagtail.admin
from django.urls import reverse


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    return client


def js_catalog(client):
    """The JavaScript catalog the admin loads, as {msgid: translation(s)}."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    match = re.search(r"const newcatalog = (\{.*?\n  \});", response.content.decode(), re.S)
    return json.loads(match.group(1)) if match else {}


def test_page_editor_scripts_speak_japanese(editor_client):
    catalog = js_catalog(editor_client)
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


def test_every_admin_script_string_has_japanese(editor_client):
    catalog = js_catalog(editor_client)
    msgids = wagtail_script_msgids()
    assert "Collapse all" in msgids
    missing = [msgid for msgid in msgids if msgid not in catalog]
    # A time zone shown as "option: label" needs no translation.
    assert missing == ["%(time_zone_option)s: %(localized_time_zone_label)s"]


# -- needs the entries of columns/wagtail_strings.py in config/locale/ja django.po -----------


def test_page_editor_shows_the_usage_count_in_japanese(editor_client, make_column):
    column = make_column(title="参照数のテスト")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(column.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "0回参照" in html
    assert "Referenced 0 times" not in html


def test_page_editor_side_panels_and_autosave_speak_japanese(editor_client, make_column):
    column = make_column(title="サイドパネルのテスト")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(column.pk,)))
    html = response.content.decode()
    for japanese in (
        "サイドパネルの幅",
        "状態の表示切り替え",
        "チェックの表示切り替え",
        "自動保存は一時停止中です",
        "最新のバージョンを見る",
        "キーボードショートカット",
    ):
        assert japanese in html
    for english in ("Side panel width", "Toggle checks", "Autosave is paused", "Keyboard shortcut"):
        assert english not in html


def test_page_explorer_filters_and_bulk_actions_speak_japanese(editor_client, series, make_column):
    make_column(title="一覧のテスト")
    response = editor_client.get(reverse("wagtailadmin_explore", args=(series.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    for japanese in ("一括操作", "更新日時", "子ページあり", "絞り込み", "0回参照"):
        assert japanese in html
    for english in ("Bulk actions", "Date updated", "Has child pages", "Filter by"):
        assert english not in html


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
def test_reports_speak_japanese(editor_client, make_column, url_name, japanese, english):
    make_column(title="レポートのテスト")
    html = editor_client.get(reverse(url_name)).content.decode()
    assert japanese in html
    assert english not in html
