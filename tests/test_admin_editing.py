"""Editors create columns in the Japanese admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from columns.models import ColumnPage


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    return client


def column_form(**overrides):
    data = {
        "title": "新しいコラム",
        "slug": "",
        "publication_date": "2024-09-01",
        "lead": "リード文",
        "hero_alt": "",
        "hero_caption": "",
        "body": streamfield(
            [
                ("heading", {"text": "見出し", "level": "h2"}),
                (
                    "paragraph",
                    '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"本文","inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
                ),
            ]
        ),
        "tags": "安全保障, 日米同盟",
        "curated_back_numbers": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_speaks_japanese(editor_client, series):
    response = editor_client.get(
        reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "掲載日" in html
    assert "アイキャッチ画像" in html
    assert "リード（抜粋）" in html


def test_scheduling_and_status_panels_speak_japanese(editor_client, make_column):
    # Wagtail's own Japanese catalog leaves these in English (columns/wagtail_strings.py).
    column = make_column(title="予約のテスト")
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=(column.pk,)))
    assert response.status_code == 200
    html = response.content.decode()
    for japanese in (
        "スケジュールを設定",
        "公開スケジュールは設定されていません",
        "スケジュールを保存",
    ):
        assert japanese in html
    for english in ("Set schedule", "Set publishing schedule", "Save schedule"):
        assert english not in html


def test_column_created_in_the_admin_without_a_slug_gets_the_date(editor_client, series):
    url = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))
    response = editor_client.post(url, column_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    column = ColumnPage.objects.get(title="新しいコラム")
    assert column.slug == "20240901"
    assert column.live
    assert sorted(column.tags.names()) == ["安全保障", "日米同盟"]

    response = editor_client.post(url, column_form(title="同じ日の別コラム"))
    assert response.status_code == 302
    assert ColumnPage.objects.get(title="同じ日の別コラム").slug == "20240901-2"


def test_hero_image_without_alt_text_is_refused_with_a_japanese_message(
    editor_client, series, hero_image
):
    url = reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))
    response = editor_client.post(url, column_form(hero_image=str(hero_image.pk)))
    assert response.status_code == 200
    assert "アイキャッチ画像の代替テキストを入力してください。" in response.content.decode()
    assert not ColumnPage.objects.filter(title="新しいコラム").exists()
