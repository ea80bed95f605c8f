"""The column edit form: tabs, Japanese help, the lead's counter, preview sizes,
the glossary terms of the draft, comments and revision comparison."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from columns.models import ColumnPage, ColumnSeriesIndexPage

# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def boss(django_user_model):
    return django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")


@pytest.fixture
def boss_client(client, boss):
    client.force_login(boss)
    return client


@pytest.fixture
def terms(make_term):
    return {
        "deterrence": make_term(
            "拡大抑止", "かくだいよくし", definition="同盟国が自国への攻撃を抑止すること。"
        ),
        "pac3": make_term("PAC3", definition="地対空誘導弾パトリオット。"),
        "two_plus_two": make_term(
            "日米2プラス2",
            "にちべいつーぷらすつー",
            definition="外務・防衛閣僚会合。",
            aliases=["2+2"],
        ),
        # Neither is linked on the public page, so neither is listed.
        "draft": make_term("同志国", "どうしこく", live=False),
        "manual": make_term("抑止力", "よくしりょく", auto_link=False),
    }


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def get_soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def column_form(**overrides):
    """Edit form data as the browser sends it."""
    data = {
        "title": "日米同盟の現在",
        "slug": "",
        "publication_date": "2024-09-01",
        "lead": "リード文です。",
        "hero_alt": "",
        "hero_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>本文です。</p>"))]),
        "glossary_links": "on",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "tags": "",
        "curated_back_numbers": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def body_with(html):
    return streamfield([("paragraph", rich_text(html))])


def denied(response):
    """Wagtail answers a missing permission with a 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def make_editor(django_user_model, name, page, actions=("add", "change")):
    """A user whose group may work on the pages under ``page``."""
    group = Group.objects.create(name=f"{name} group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in actions:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename=f"{action}_page")
        )
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(group)
    return user


# -- tabs ----------------------------------------------------------------------------------


def test_the_form_has_three_tabs_in_the_editors_words(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column()))

    tabs = soup.select('[role="tablist"] [role="tab"]')
    assert [tab.find(string=True, recursive=False).strip() for tab in tabs] == [
        "本文",
        "公開設定/SEO",
        "バックナンバー・タグ",
    ]
    assert [tab["href"] for tab in tabs] == ["#tab-article", "#tab-publishing", "#tab-links"]


def fields_in(section):
    return {el["name"] for el in section.select("input[name], textarea[name], select[name]")}


def test_each_tab_holds_its_fields(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column()))

    article = soup.find(id="tab-article")
    assert {"title", "publication_date", "lead", "hero_image", "hero_alt", "hero_caption"} <= (
        fields_in(article)
    )
    assert "glossary_links" in fields_in(article)
    assert article.find(attrs={"data-contentpath": "body"}) is not None  # the StreamField
    assert article.find(attrs={"data-draft-terms": True}) is not None

    publishing = soup.find(id="tab-publishing")
    assert {"slug", "seo_title", "search_description"} <= fields_in(publishing)
    # Go-live and expiry live in Wagtail's schedule dialog, opened from the status
    # side panel and from this tab.
    dialog = publishing.find(id="schedule-publishing-dialog")
    assert {"go_live_at", "expire_at"} <= fields_in(dialog)
    openers = soup.select('[data-a11y-dialog-show="schedule-publishing-dialog"]')
    assert any(publishing in opener.parents for opener in openers)
    assert any(opener.find_parent(attrs={"data-side-panel": "status"}) for opener in openers)

    links = soup.find(id="tab-links")
    assert "tags" in fields_in(links)
    assert "curated_back_numbers-TOTAL_FORMS" in fields_in(links)

    # Privacy is still set from the status side panel.
    assert soup.select('[data-side-panel="status"] [data-a11y-dialog-show="set-privacy"]')


def test_scheduling_from_the_tabbed_form_sets_the_go_live_time(boss_client, make_column):
    column = make_column(live=False)
    go_live = timezone.localtime() + datetime.timedelta(days=2)

    response = boss_client.post(
        edit_url(column),
        column_form(
            title=column.title,
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
            **{"action-publish": "action-publish"},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    column.refresh_from_db()
    assert not column.live
    revision = Revision.page_revisions.get(
        object_id=str(column.pk), approved_go_live_at__isnull=False
    )
    assert timezone.localtime(revision.approved_go_live_at).strftime(
        "%Y-%m-%d %H:%M"
    ) == go_live.strftime("%Y-%m-%d %H:%M")


# -- help texts ----------------------------------------------------------------------------

HELP_TEXTS = {
    "title": "コラムの見出しです。記事の先頭と一覧に表示されます。",
    "publication_date": "「2024年8月9日掲載」のように表示されます。",
    "lead": "一覧、検索エンジン、LINEでのシェアに使われる短い要約です。",
    "hero_image": "コラムの冒頭、一覧のカード、シェアに表示されるアイキャッチ画像です。",
    "hero_alt": "画像が見えない読者のために、画像の内容を説明してください。",
    "hero_caption": "任意。画像の下に表示されます（出典や撮影者など）。",
    "body": "記事の本文です。段落・見出し・画像・引用・埋め込みを、読む順に並べます。",
    "glossary_links": "このコラムで用語集の用語が最初に登場する箇所にリンクを付けます。",
    "slug": "空欄のままにすると掲載日（YYYYMMDD、重なる場合は -2、-3 …）が使われます。",
    "seo_title": "空欄のままにするとタイトルが使われます。",
    "search_description": "空欄のままにするとリード（抜粋）が使われます。",
    "go_live_at": "この日時にコラムが公開されます。",
    "expire_at": "この日時にコラムの公開が終了します。",
    "tags": "カンマ区切りで入力します。",
}


def text_of(element):
    # Re-parsed: Beautiful Soup leaves out text inside <template> (the schedule dialog).
    return BeautifulSoup(element.decode_contents(), "html.parser").get_text(" ", strip=True)


def help_text_of(soup, field):
    element = soup.find(id=re.compile(rf"-{field}-helptext$"))
    assert element is not None, f"no help text for {field}"
    return text_of(element)


@pytest.mark.parametrize("field", HELP_TEXTS)
def test_every_field_has_japanese_help(boss_client, make_column, field):
    soup = get_soup(boss_client, edit_url(make_column()))
    assert HELP_TEXTS[field] in help_text_of(soup, field)


def test_every_field_of_the_form_is_covered():
    """A field added to the form later must come with help (and join HELP_TEXTS)."""
    form_class = ColumnPage.get_edit_handler().get_form_class()
    # Wagtail's own comment switch sits in the comments side panel.
    assert set(form_class.base_fields) - {"comment_notifications"} == set(HELP_TEXTS)


def test_back_numbers_explain_themselves(boss_client, make_column):
    links = get_soup(boss_client, edit_url(make_column())).find(id="tab-links")
    assert "空のままにすると、同じシリーズの新しいコラムが自動で並びます。" in links.get_text()


def test_series_and_term_forms_have_japanese_help(boss_client, series, terms):
    soup = get_soup(boss_client, edit_url(series))
    assert "シリーズ名（例：GLOBAL&TREND）" in help_text_of(soup, "title")
    assert "シリーズページの先頭" in help_text_of(soup, "intro")
    assert "コラムページの記事の下に並べる" in help_text_of(soup, "back_number_count")

    soup = get_soup(boss_client, edit_url(terms["pac3"]))
    assert "コラムで使われる表記の用語" in help_text_of(soup, "title")
    assert "ひらがな" in help_text_of(soup, "reading")
    assert "200文字以内" in help_text_of(soup, "definition")
    assert "用語のページに表示する詳しい解説" in help_text_of(soup, "body")
    text = soup.get_text()
    assert "この用語にリンクするほかの表記" in text
    assert "用語のページの「関連用語」に表示されます。" in text


# -- the lead's character counter -------------------------------------------------------------


def counter_of(soup, field):
    textarea = soup.find("textarea", attrs={"name": field})
    status = soup.find(id=f"id_{field}-counter")
    visible = soup.find(attrs={"data-char-counter-for": f"id_{field}"})
    return textarea, status, visible


def test_the_lead_shows_its_length_against_the_recommended_120(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column(lead="リード文です。")))

    textarea, status, visible = counter_of(soup, "lead")
    assert status["aria-live"] == "polite"
    assert status.get_text(strip=True) == "7/120文字"
    assert "id_lead-counter" in textarea["aria-describedby"].split()
    assert visible.find(attrs={"data-char-counter-count": True}).get_text(strip=True) == (
        "7/120文字"
    )
    assert visible.find(attrs={"data-char-counter-over": True}).has_attr("hidden")
    # The script formats the same message as the server did.
    assert visible["data-format"] == "%(count)s/%(limit)s文字"
    assert visible["data-limit"] == "120"
    assert textarea["maxlength"] == "300"


def test_a_lead_over_120_characters_is_flagged(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column(lead="あ" * 130)))

    _, status, visible = counter_of(soup, "lead")
    assert "char-counter--over" in visible["class"]
    over = visible.find(attrs={"data-char-counter-over": True})
    assert not over.has_attr("hidden")
    assert over.get_text(strip=True) == "推奨の120文字を超えています。"
    assert status.get_text(" ", strip=True) == "130/120文字 推奨の120文字を超えています。"


def test_the_meta_description_is_counted_too(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column(search_description="検索用の説明")))
    _, status, _ = counter_of(soup, "search_description")
    assert status.get_text(strip=True) == "6/120文字"


def test_the_counter_script_and_styles_are_served(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column()))
    scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
    styles = [tag["href"] for tag in soup.find_all("link", href=True)]
    assert any(src.endswith("/columns/admin/char-counter.js") for src in scripts)
    assert any(href.endswith("/columns/admin/char-counter.css") for href in styles)
    assert finders.find("columns/admin/char-counter.js")
    assert finders.find("columns/admin/char-counter.css")
    # No third-party script on the edit form.
    assert all(src.startswith("/") and not src.startswith("//") for src in scripts)


# -- preview ---------------------------------------------------------------------------------


def test_preview_offers_phone_and_desktop_widths(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column()))
    sizes = soup.select('[data-side-panel="preview"] input[name="preview-size"]')
    assert [(s["value"], s["data-device-width"]) for s in sizes] == [
        ("mobile", "375"),
        ("desktop", "1280"),
    ]
    assert sizes[0].has_attr("checked")
    assert [s["aria-label"] for s in sizes] == [
        "スマートフォンの幅でプレビュー",
        "パソコンの幅でプレビュー",
    ]


def test_the_preview_shows_the_unsaved_edit(boss_client, make_column):
    column = make_column()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[column.pk])

    response = boss_client.post(url, column_form(title="プレビューだけの見出し"))
    assert response.json() == {"is_valid": True, "is_available": True}
    response = boss_client.get(url, {"mode": "", "in_preview_panel": "true"})

    assert response.status_code == 200
    assert "プレビューだけの見出し" in response.content.decode()
    assert ColumnPage.objects.get(pk=column.pk).title == column.title


# -- glossary terms of the draft -------------------------------------------------------------


@pytest.fixture
def column_with_draft(make_column, terms):
    """A live column mentioning 拡大抑止 twice; its newer draft also mentions PAC3."""
    column = make_column(
        body=[("paragraph", "<p>拡大抑止と拡大抑止。抑止力と同志国。</p>")],
    )
    draft = column.get_latest_revision_as_object()
    draft.body = [("paragraph", "<p>拡大抑止と拡大抑止。抑止力と同志国。PAC3を配備。</p>")]
    draft.save_revision()
    return column


def panel_rows(root):
    return [
        tuple(cell.get_text(strip=True) for cell in row.find_all(["th", "td"]))
        for row in root.select("tr[data-term-id]")
    ]


def test_the_panel_lists_the_terms_the_draft_will_link(boss_client, column_with_draft, terms):
    soup = get_soup(boss_client, edit_url(column_with_draft))

    panel = soup.find(attrs={"data-draft-terms": True})
    section = panel.find_parent("section")
    assert section.find(attrs={"data-panel-heading-text": True}).get_text(strip=True) == (
        "このコラムに登場する用語"
    )
    assert panel_rows(panel) == [
        ("拡大抑止", "同盟国が自国への攻撃を抑止すること。", "2"),
        ("PAC3", "地対空誘導弾パトリオット。", "1"),
    ]
    link = panel.find("a", string="PAC3")
    assert link["href"] == edit_url(terms["pac3"])
    assert panel.find(attrs={"data-glossary-off": True}) is None


def test_the_panel_says_when_glossary_links_are_off(boss_client, make_column, terms):
    column = make_column(body=[("paragraph", "<p>PAC3の話。</p>")], glossary_links=False)
    panel = get_soup(boss_client, edit_url(column)).find(attrs={"data-draft-terms": True})

    off = panel.find(attrs={"data-glossary-off": True})
    assert off.get_text(strip=True) == (
        "このコラムは用語集リンクがオフになっています。読者には、これらの用語にリンクが付きません。"
    )
    assert panel_rows(panel) == [("PAC3", "地対空誘導弾パトリオット。", "1")]


def test_the_panel_says_when_no_term_appears(boss_client, make_column, terms):
    panel = get_soup(boss_client, edit_url(make_column())).find(attrs={"data-draft-terms": True})
    assert panel_rows(panel) == []
    assert "本文にはまだ用語集の用語が登場しません。" in panel.get_text()


def terms_url(column):
    return reverse("columns_draft_terms", args=[column.pk])


def test_the_view_answers_for_the_latest_revision(boss_client, column_with_draft):
    data = boss_client.get(terms_url(column_with_draft)).json()
    assert data["glossary_links"] is True
    assert [(t["term"], t["count"]) for t in data["terms"]] == [("拡大抑止", 2), ("PAC3", 1)]
    rows = panel_rows(BeautifulSoup(data["html"], "html.parser"))
    assert [row[0] for row in rows] == ["拡大抑止", "PAC3"]


def test_the_view_checks_the_form_as_edited_now(boss_client, column_with_draft):
    form = column_form(
        body=body_with("<p>2+2の共同発表で拡大抑止に触れた。</p>"), glossary_links=""
    )
    revisions = Revision.page_revisions.filter(object_id=str(column_with_draft.pk))
    count = revisions.count()
    response = boss_client.post(terms_url(column_with_draft), form)

    data = response.json()
    assert [(t["term"], t["count"]) for t in data["terms"]] == [
        ("日米2プラス2", 1),
        ("拡大抑止", 1),
    ]
    assert data["glossary_links"] is False
    assert "data-glossary-off" in data["html"]
    # Nothing was saved.
    assert revisions.count() == count
    draft = ColumnPage.objects.get(pk=column_with_draft.pk).get_latest_revision_as_object()
    assert "PAC3を配備" in draft.body_text()


def test_the_view_reports_a_form_that_cannot_be_checked(boss_client, column_with_draft):
    response = boss_client.post(
        terms_url(column_with_draft), column_form(publication_date="2024-02-30")
    )
    data = response.json()
    assert data["is_valid"] is False
    assert "フォームの誤りを直してから、もう一度確認してください。" in data["html"]


def test_the_view_works_while_a_column_is_being_written(boss_client, series, terms):
    url = reverse("columns_draft_terms_add", args=[series.pk])
    data = boss_client.post(url, column_form(body=body_with("<p>PAC3の配備。</p>"))).json()
    assert [t["term"] for t in data["terms"]] == ["PAC3"]
    assert not ColumnPage.objects.exists()


def test_the_add_form_has_the_panel_pointing_at_the_add_view(boss_client, series):
    soup = get_soup(
        boss_client, reverse("wagtailadmin_pages:add", args=("columns", "columnpage", series.pk))
    )
    panel = soup.find(attrs={"data-draft-terms": True})
    assert panel["data-url"] == reverse("columns_draft_terms_add", args=[series.pk])


def test_only_users_who_may_edit_the_column_get_its_terms(
    client, django_user_model, column_with_draft, series, home
):
    url = terms_url(column_with_draft)
    assert client.get(url)["Location"].startswith(reverse("wagtailadmin_login"))

    other = home.add_child(instance=ColumnSeriesIndexPage(title="別シリーズ", slug="other"))
    outsider = make_editor(django_user_model, "outsider", other)
    client.force_login(outsider)
    assert denied(client.get(url))
    assert denied(client.post(url, column_form()))
    add_url = reverse("columns_draft_terms_add", args=[series.pk])
    assert denied(client.post(add_url, column_form()))

    insider = make_editor(django_user_model, "insider", series, actions=("change",))
    client.force_login(insider)
    assert [t["term"] for t in client.get(url).json()["terms"]] == ["拡大抑止", "PAC3"]


def test_the_view_answers_for_columns_only(boss_client, series, home):
    assert boss_client.get(reverse("columns_draft_terms", args=[series.pk])).status_code == 404
    # Columns cannot be written directly under the home page.
    url = reverse("columns_draft_terms_add", args=[home.pk])
    assert denied(boss_client.post(url, column_form()))


def test_the_panel_script_is_served(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column()))
    scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
    assert any(src.endswith("/columns/admin/draft-terms.js") for src in scripts)
    assert finders.find("columns/admin/draft-terms.js")


# -- comments and revisions ------------------------------------------------------------------


def test_comments_stay_enabled_on_columns(boss_client, make_column):
    soup = get_soup(boss_client, edit_url(make_column()))
    assert soup.select_one('[data-side-panel-toggle="comments"]') is not None
    assert soup.find(id="comments-data") is not None
    assert soup.find(attrs={"name": "comment_notifications"}) is not None
    assert soup.select("[data-comment-add]")  # the per-field "add comment" buttons


def test_a_comment_is_saved_with_the_column(boss_client, boss, make_column):
    column = make_column()
    form = column_form(
        title=column.title,
        comments=inline_formset(
            [
                {
                    "text": "見出しを短く",
                    "contentpath": "title",
                    "position": "",
                    "replies": inline_formset([]),
                }
            ]
        ),
    )
    response = boss_client.post(edit_url(column), form)
    assert response.status_code == 302
    assert [c.text for c in column.wagtail_admin_comments.all()] == ["見出しを短く"]


def test_two_revisions_of_a_column_can_be_compared(boss_client, make_column):
    column = make_column(body=[("paragraph", "<p>最初の本文。</p>")])
    first = column.latest_revision
    draft = column.get_latest_revision_as_object()
    draft.body = [("paragraph", "<p>書き直した本文。</p>")]
    second = draft.save_revision()

    history = boss_client.get(reverse("wagtailadmin_pages:history", args=[column.pk]))
    assert history.status_code == 200
    response = boss_client.get(
        reverse("wagtailadmin_pages:revisions_compare", args=[column.pk, first.pk, second.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "最初の本文。" in html
    assert "書き直した本文。" in html
