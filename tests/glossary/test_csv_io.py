"""Glossary terms to and from CSV: the functions, the admin views and the commands."""

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import GroupPagePermission, Revision

from glossary.csv_io import BOM, RowError, export_terms, import_terms
from glossary.models import GlossaryMention, GlossaryTermPage

DEMO_TERMS = Path(__file__).resolve().parents[2] / "glossary" / "demo" / "terms.csv"
HEADER = "term,reading,aliases,definition\n"


@pytest.fixture(autouse=True)
def language(request):
    # The functions' messages are checked against their msgids, whatever the catalog
    # holds; admin pages are requested in the site's language, Japanese.
    admin = {"client", "admin_client"} & set(request.fixturenames)
    with translation.override("ja" if admin else "en"):
        yield


@pytest.fixture
def index(glossary_index):
    return glossary_index


def rows_of(text):
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


def term(title):
    return GlossaryTermPage.objects.get(title=title)


def snapshot():
    """What an import must leave alone when it fails."""
    return (
        sorted(
            (p.title, p.reading, p.definition, p.live, tuple(p.alias_forms()))
            for p in GlossaryTermPage.objects.prefetch_related("other_forms")
        ),
        Revision.objects.count(),
    )


# -- export and import -------------------------------------------------------------------


def test_export_writes_a_bom_header_and_aliases(make_term):
    make_term("拡大抑止", "かくだいよくし", "同盟国を守る考え方。", aliases=["拡大抑止力"])
    make_term("日米2プラス2", "にちべいつーぷらすつー", "4人の協議。", aliases=["2+2", "日米2+2"])
    make_term("下書きの用語", "したがきのようご", "まだ公開していない。", live=False)

    rows = rows_of(export_terms(GlossaryTermPage.objects.all()))

    assert rows[0] == ["term", "reading", "aliases", "definition"]
    # Dictionary order of the readings; drafts too.
    assert rows[1:] == [
        ["拡大抑止", "かくだいよくし", "拡大抑止力", "同盟国を守る考え方。"],
        ["下書きの用語", "したがきのようご", "", "まだ公開していない。"],
        ["日米2プラス2", "にちべいつーぷらすつー", "2+2|日米2+2", "4人の協議。"],
    ]


def test_round_trip_recreates_the_terms(index, make_term):
    make_term("拡大抑止", "かくだいよくし", "同盟国を守る考え方。", aliases=["拡大抑止力"])
    make_term("PAC3", "ぱっくすりー", "迎撃ミサイル。", aliases=["PAC-3"])
    exported = export_terms(GlossaryTermPage.objects.all())

    again = import_terms(exported, index_page=index)
    assert again.ok and again.created == [] and again.updated == []
    assert sorted(again.unchanged) == ["PAC3", "拡大抑止"]

    GlossaryTermPage.objects.all().delete()
    report = import_terms(exported.encode("utf-8"), index_page=index)

    assert report.ok, report.errors
    assert sorted(report.created) == ["PAC3", "拡大抑止"]
    assert export_terms(GlossaryTermPage.objects.all()) == exported
    assert all(page.live for page in GlossaryTermPage.objects.all())


def test_cells_a_spreadsheet_would_run_are_exported_as_text_and_import_back(index, make_term):
    # Excel runs a cell starting with = + - @ as a formula (CSV injection); a
    # leading apostrophe makes it text, and import takes it off again.
    make_term("=1+1", "いこーるいちたすいち", '=HYPERLINK("http://evil.example","click")')
    make_term("-5度", "まいなすごど", "@SUM(A1)", aliases=["+α"])
    make_term("平文", "ひらぶん", "普通の説明。", aliases=["平文-1"])
    exported = export_terms(GlossaryTermPage.objects.all())

    rows = {row[0]: row for row in rows_of(exported)[1:]}
    assert rows["'=1+1"][3] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows["'-5度"][2:] == ["'+α", "'@SUM(A1)"]
    assert rows["平文"][2:] == ["平文-1", "普通の説明。"]  # only a cell's first character counts

    GlossaryTermPage.objects.all().delete()
    report = import_terms(exported, index_page=index)
    assert report.ok, report.errors
    assert term("=1+1").definition == '=HYPERLINK("http://evil.example","click")'
    assert term("-5度").alias_forms() == ["+α"] and term("-5度").definition == "@SUM(A1)"
    assert export_terms(GlossaryTermPage.objects.all()) == exported


def test_import_of_the_demo_terms_creates_live_terms(index):
    with DEMO_TERMS.open(encoding="utf-8", newline="") as handle:
        expected = list(csv.DictReader(handle))

    report = import_terms(DEMO_TERMS.read_bytes(), index_page=index)

    assert report.ok, [str(e) for e in report.errors]
    assert len(report.created) == len(expected)
    for row in expected:
        page = GlossaryTermPage.objects.get(title=row["term"])
        assert page.live and not page.has_unpublished_changes
        assert page.get_parent().specific == index
        assert page.reading == row["reading"]
        assert page.definition == row["definition"]
        assert page.alias_forms() == [a for a in row["aliases"].split("|") if a]
        assert page.revisions.count() == 1
    assert term("日米2プラス2").alias_forms()[:1] == ["2+2"]


def test_import_without_bom_and_with_crlf_and_quoted_newlines(index):
    text = (
        "term,reading,aliases,definition\r\n"
        '同志国,どうしこく,,"価値観を共有する国。\n複数行の定義。"\r\n'
    )
    report = import_terms(text.encode("utf-8"), index_page=index)
    assert report.ok, report.errors
    assert term("同志国").definition == "価値観を共有する国。\n複数行の定義。"


def test_column_order_is_free_and_blank_rows_are_skipped(index):
    text = "definition,term,aliases,reading\n保険の考え方。,核の傘,,かくのかさ\n,,,\n"
    report = import_terms(text, index_page=index)
    assert report.ok and report.created == ["核の傘"]
    assert term("核の傘").reading == "かくのかさ"


def test_updating_a_term_adds_a_published_revision_and_replaces_aliases(index, make_term):
    page = make_term("拡大抑止", "かくだいよくし", "古い定義。", aliases=["拡大抑止力", "核抑止"])
    revisions = page.revisions.count()

    report = import_terms(
        HEADER + "拡大抑止,かくだいよくし,拡大抑止力|extended deterrence,新しい定義。\n",
        index_page=index,
    )

    assert report.ok and report.updated == ["拡大抑止"] and report.created == []
    page.refresh_from_db()
    assert page.revisions.count() == revisions + 1
    assert page.live_revision == page.latest_revision
    assert not page.has_unpublished_changes
    assert page.definition == "新しい定義。"
    assert page.alias_forms() == ["拡大抑止力", "extended deterrence"]
    assert page.slug == "term-1"  # as the make_term fixture made it


def test_identity_ignores_width_and_surrounding_spaces(index, make_term):
    make_term("PAC3", "ぱっくすりー", "古い定義。")
    report = import_terms(HEADER + " ＰＡＣ３ ,ぱっくすりー,,新しい定義。\n", index_page=index)
    assert report.ok and len(report.updated) == 1
    assert GlossaryTermPage.objects.count() == 1
    assert GlossaryTermPage.objects.get().definition == "新しい定義。"


def test_an_update_may_take_a_form_an_earlier_row_gives_up(index, make_term):
    make_term("日米2プラス2", "にちべいつーぷらすつー", "協議。", aliases=["2+2"])
    make_term("2+2会合", "つーぷらすつーかいごう", "会合。")
    report = import_terms(
        HEADER
        + "日米2プラス2,にちべいつーぷらすつー,,協議。\n"
        + "2+2会合,つーぷらすつーかいごう,2+2,会合。\n",
        index_page=index,
    )
    assert report.ok, report.errors
    assert term("2+2会合").alias_forms() == ["2+2"]


def test_draft_import_keeps_live_content(index, make_term):
    page = make_term("拡大抑止", "かくだいよくし", "公開中の定義。")
    report = import_terms(
        HEADER + "拡大抑止,かくだいよくし,,下書きの定義。\n新語,しんご,,新しい。\n",
        index_page=index,
        publish=False,
    )
    assert report.ok and report.updated == ["拡大抑止"] and report.created == ["新語"]
    page.refresh_from_db()
    assert page.definition == "公開中の定義。"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().definition == "下書きの定義。"
    assert not term("新語").live


def test_publishing_an_import_updates_mentions(index, make_column):
    column = make_column(body=[("paragraph", "<p>同志国との協力が進む。</p>")])
    report = import_terms(HEADER + "同志国,どうしこく,,価値観を共有する国。\n", index_page=index)
    assert report.ok
    assert GlossaryMention.objects.filter(column=column, term=term("同志国")).exists()


def test_unchanged_rows_leave_drafts_alone(index, make_term):
    page = make_term("拡大抑止", "かくだいよくし", "定義。")
    draft = page.get_latest_revision_as_object()
    draft.body = "<p>書きかけ</p>"
    draft.save_revision()
    report = import_terms(HEADER + "拡大抑止,かくだいよくし,,定義。\n", index_page=index)
    assert report.ok and report.unchanged == ["拡大抑止"] and not report.drafts_published
    page.refresh_from_db()
    assert page.has_unpublished_changes


# -- errors ---------------------------------------------------------------------------------


BAD_ROWS = [
    pytest.param(
        "外交青書,,,外交の記録。",
        "A term with kanji or katakana needs a reading in hiragana.",
        id="kanji without reading",
    ),
    pytest.param(
        "デリスキング,デリスキング,,リスクを減らす。",
        "Write the reading in hiragana.",
        id="katakana reading",
    ),
    pytest.param(
        "同志国,どうしこく,," + "あ" * 201,
        "The definition has 201 characters; at most 200 are allowed.",
        id="definition too long",
    ),
    pytest.param(
        "日米協議,にちべいきょうぎ,２＋２,協議。",
        "「２＋２」 is already a form of the term 「日米2プラス2」.",
        id="form of another term",
    ),
    pytest.param(",よみ,,定義。", "The term is empty.", id="empty term"),
    pytest.param("同志国,どうしこく,,", "The definition is empty.", id="empty definition"),
    pytest.param(
        "同志国,どうしこく,,定義。,余計",
        "5 values for 4 columns.",
        id="extra value",
    ),
]


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_a_bad_row_is_reported_and_nothing_is_written(index, make_term, row, reason):
    make_term("日米2プラス2", "にちべいつーぷらすつー", "協議。", aliases=["2+2"])
    before = snapshot()
    text = HEADER + "新語,しんご,,新しい言葉。\n" + row + "\n"

    report = import_terms(text, index_page=index)

    assert [str(e) for e in report.errors] == [f"line 3: {reason}"]
    assert report.created == [] and report.updated == []
    assert snapshot() == before


def test_every_bad_row_is_reported(index, make_term):
    make_term("拡大抑止", "かくだいよくし", "定義。")
    before = snapshot()
    text = (
        HEADER
        + "外交青書,,,記録。\n"  # line 2
        + "拡大抑止,かくだいよくし,,更新した定義。\n"  # fine
        + "デリスキング,デリスキング,,減らす。\n"  # line 4
        + "核抑止,かくよくし,拡大抑止,別の用語。\n"  # line 5
        + "外交青書,がいこうせいしょ,,二度目。\n"  # line 6
        + "同志国,どうしこく,,定義。,余計\n"  # line 7
    )

    report = import_terms(text, index_page=index)

    assert [(e.line, e.reason) for e in report.errors] == [
        (2, "A term with kanji or katakana needs a reading in hiragana."),
        (4, "Write the reading in hiragana."),
        (5, "「拡大抑止」 is already a form of the term 「拡大抑止」."),
        (6, "The term “外交青書” is already on line 2."),
        (7, "5 values for 4 columns."),
    ]
    assert snapshot() == before


def test_two_rows_of_one_file_may_not_share_a_form(index):
    report = import_terms(
        HEADER + "核の傘,かくのかさ,傘,たとえ。\n日傘,ひがさ,傘,日よけ。\n", index_page=index
    )
    assert [str(e) for e in report.errors] == [
        "line 3: 「傘」 is already a form of the term 「核の傘」."
    ]
    assert not GlossaryTermPage.objects.exists()


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        pytest.param(
            "term,reading,alias,definition\n核の傘,かくのかさ,,たとえ。\n",
            ["Unknown column “alias”.", "The column “aliases” is missing."],
            id="misspelt column",
        ),
        pytest.param(
            "term,reading,aliases,definition,note\n核の傘,かくのかさ,,たとえ。,メモ\n",
            ["Unknown column “note”."],
            id="extra column",
        ),
        pytest.param(
            "核の傘,かくのかさ,,たとえ。\n",
            ["The first line must be the header term,reading,aliases,definition."],
            id="no header",
        ),
        pytest.param(
            "",
            ["The file is empty; it needs the header term,reading,aliases,definition."],
            id="empty",
        ),
    ],
)
def test_header_problems(index, text, reasons):
    report = import_terms(text.encode("utf-8"), index_page=index)
    assert [str(e) for e in report.errors] == [f"line 1: {r}" for r in reasons]
    assert not GlossaryTermPage.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(index):
    data = (HEADER + "核の傘,かくのかさ,,たとえ。\n").encode("shift_jis")
    report = import_terms(data, index_page=index)
    assert [str(e) for e in report.errors] == [
        "line 2: The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma delimited)”."
    ]
    assert not GlossaryTermPage.objects.exists()


def test_line_numbers_count_physical_lines(index):
    text = HEADER + '同志国,どうしこく,,"一行目\n二行目"\n外交青書,,,記録。\n'
    report = import_terms(text, index_page=index)
    assert [e.line for e in report.errors] == [4]


def test_dry_run_writes_nothing(index):
    report = import_terms(HEADER + "核の傘,かくのかさ,,たとえ。\n", index_page=index, dry_run=True)
    assert report.ok
    assert not GlossaryTermPage.objects.exists()


def test_row_errors_read_in_japanese():
    with translation.override("ja"):
        text = str(RowError(3, "理由"))
    assert text == "3行目: 理由"


# -- admin views ----------------------------------------------------------------------------


def editor(django_user_model, index, *permissions, username="editor"):
    user = django_user_model.objects.create_user(username, f"{username}@example.com", "pw")
    group = Group.objects.create(name=f"group of {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in permissions:
        GroupPagePermission.objects.create(group=group, page=index, permission_type=permission)
    user.groups.add(group)
    return user


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "pw"))
    return client


def upload(text, name="terms.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def assert_refused(response):
    # Wagtail's admin answers PermissionDenied with a redirect to its dashboard.
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")


def in_japanese(msgid, **params):
    """A message as the Japanese admin shows it (the msgid until the catalog has it)."""
    with translation.override("ja"):
        return gettext(msgid) % params if params else gettext(msgid)


def urls():
    return reverse("glossary_admin:terms_export"), reverse("glossary_admin:terms_import")


def test_anonymous_users_are_sent_to_log_in(client, index):
    for url in urls():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_users_without_term_permissions_are_refused(client, django_user_model, index):
    client.force_login(editor(django_user_model, index))
    for url in [*urls(), reverse("glossary_admin:candidates")]:
        assert_refused(client.get(url))
    assert_refused(
        client.post(urls()[1], {"file": upload(HEADER + "核の傘,かくのかさ,,たとえ。\n")})
    )
    assert not GlossaryTermPage.objects.exists()
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "glossary-import" not in html


def test_change_permission_allows_export_but_not_import(client, django_user_model, index):
    client.force_login(editor(django_user_model, index, "change"))
    export, import_ = urls()
    assert client.get(export).status_code == 200
    assert_refused(client.get(import_))


def test_superuser_exports_csv(admin_client, make_term):
    make_term("核の傘", "かくのかさ", "たとえ。")
    response = admin_client.get(urls()[0])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="glossary-terms.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfterm,reading,aliases,definition\r\n")
    assert "核の傘,かくのかさ,,たとえ。" in response.content.decode("utf-8")


def test_superuser_imports_csv(admin_client, index):
    page = admin_client.get(urls()[1])
    assert page.status_code == 200
    assert 'type="file"' in page.content.decode()

    response = admin_client.post(
        urls()[1],
        {"file": upload(HEADER + "核の傘,かくのかさ,,たとえ。\n"), "publish": "on"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_explore", args=[index.pk])
    summary = in_japanese(
        "Imported and published: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.",
        created=1,
        updated=0,
        unchanged=0,
    )
    assert summary in response.content.decode()
    assert term("核の傘").live


def test_import_errors_are_shown_per_line_in_japanese(admin_client, index):
    response = admin_client.post(
        urls()[1],
        {"file": upload(HEADER + "外交青書,,,記録。\nデリスキング,デリスキング,,減らす。\n")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "漢字やカタカナを含む用語には、ひらがなの読みが必要です。" in html
    for line, reason in [
        (2, "A term with kanji or katakana needs a reading in hiragana."),
        (3, "Write the reading in hiragana."),
    ]:
        expected = in_japanese("line %(line)d: %(reason)s", line=line, reason=in_japanese(reason))
        assert f"<li>{expected}</li>" in html
    assert not GlossaryTermPage.objects.exists()


def test_editor_without_publish_permission_imports_drafts(client, django_user_model, index):
    client.force_login(editor(django_user_model, index, "add", "change"))
    form = client.get(urls()[1]).content.decode()
    assert "disabled" in form

    response = client.post(
        urls()[1], {"file": upload(HEADER + "核の傘,かくのかさ,,たとえ。\n"), "publish": "on"}
    )

    assert response.status_code == 302
    page = term("核の傘")
    assert not page.live
    assert page.latest_revision.user.username == "editor"


def test_editor_with_publish_permission_publishes(client, django_user_model, index):
    client.force_login(editor(django_user_model, index, "add", "change", "publish"))
    response = client.post(
        urls()[1], {"file": upload(HEADER + "核の傘,かくのかさ,,たとえ。\n"), "publish": "on"}
    )
    assert response.status_code == 302
    assert term("核の傘").live


def test_menu_lists_the_glossary_items(admin_client, index):
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    for name in ("glossary-terms", "glossary-candidates", "glossary-import", "glossary-export"):
        assert name in html


# -- management commands --------------------------------------------------------------------


def test_commands_round_trip(index, make_term, tmp_path):
    make_term("拡大抑止", "かくだいよくし", "同盟国を守る考え方。", aliases=["拡大抑止力"])
    path = tmp_path / "terms.csv"
    call_command("export_terms", str(path), stderr=io.StringIO())
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    GlossaryTermPage.objects.all().delete()
    out = io.StringIO()
    call_command("import_terms", str(path), stdout=out)
    assert "1 new" in out.getvalue()
    page = term("拡大抑止")
    assert page.live and page.alias_forms() == ["拡大抑止力"]

    stdout = io.StringIO()
    call_command("export_terms", stdout=stdout)
    assert stdout.getvalue() == path.read_bytes().decode("utf-8")


def test_import_command_draft(index, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER + "核の傘,かくのかさ,,たとえ。\n", encoding="utf-8")
    call_command("import_terms", str(path), "--draft", stdout=io.StringIO())
    assert not term("核の傘").live


def test_import_command_reports_file_line_reason(index, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "核の傘,かくのかさ,,たとえ。\n外交青書,,,記録。\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"^1 error; nothing was imported\.$"):
        call_command("import_terms", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{path}:3: A term with kanji or katakana needs a reading in hiragana."
    ]
    assert not GlossaryTermPage.objects.exists()


def test_import_command_without_glossary_page(db, tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text(HEADER, encoding="utf-8")
    with pytest.raises(CommandError, match="no glossary page"):
        call_command("import_terms", str(path))


def test_import_page_without_glossary_page(admin_client, home):
    response = admin_client.get(urls()[1])
    assert response.status_code == 200
    assert 'type="file"' not in response.content.decode()
