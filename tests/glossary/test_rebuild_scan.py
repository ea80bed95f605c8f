"""rebuild_glossary scans stored JSON and writes rows in bulk: same mentions as one by one.

linking.rebuild_all builds the scan HTML from each body's stored JSON
(raw_scan_html) and stores mentions without model instances (COPY on
PostgreSQL); the per-column path (update_column_mentions, run on every publish)
goes through the StreamField blocks. Both must store the same mentions.
"""

import io

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from columns.models import ColumnPage
from glossary import linking
from glossary.models import GlossaryMention
from tests.conftest import make_image_file


def stored_mentions():
    return sorted(GlossaryMention.objects.values_list("column_id", "term_id", "count", "position"))


def test_rebuild_stores_what_publishing_each_column_stores_on_the_demo_site(db):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    live = list(ColumnPage.objects.live())
    assert live

    columns, mentions = linking.rebuild_all()
    rebuilt = stored_mentions()
    assert (columns, mentions) == (len(live), len(rebuilt))
    assert len({column for column, *_ in rebuilt}) >= len(live) // 2  # the demo links terms

    GlossaryMention.objects.all().delete()
    for column in live:
        linking.update_column_mentions(column)
    assert stored_mentions() == rebuilt


def test_rebuild_replaces_stale_mentions_and_skips_drafts(make_term, make_column):
    term = make_term("拡大抑止", "かくだいよくし", aliases=["拡大抑止力"])
    body = [("paragraph", "<p>拡大抑止と拡大抑止力、また拡大抑止。</p>")]
    live = make_column(title="公開回", body=body)
    draft = make_column(title="下書き回", body=body, live=False)
    GlossaryMention.objects.all().delete()
    GlossaryMention.objects.create(column=draft, term=term, count=9, position=0)

    assert linking.rebuild_all() == (1, 1)
    assert stored_mentions() == [(live.pk, term.pk, 3, 0)]


@pytest.fixture
def odd_column(make_term, make_column):
    """A column whose stored body holds every shape the scan has to handle."""
    make_term("抑止", "よくし")
    image_model = get_image_model()
    kept = image_model.objects.create(title="kept", file=make_image_file("kept.jpg"))
    gone = image_model.objects.create(title="gone", file=make_image_file("gone.jpg"))
    gone_id = gone.pk
    gone.delete()
    body = [
        {"type": "heading", "value": {"text": "抑止の<歴史> & 今", "level": "h3"}},
        {"type": "heading", "value": {"text": "抑止", "level": ""}},
        {"type": "heading", "value": {"level": "h2"}},  # no text: what Wagtail gives
        {"type": "paragraph", "value": "<p>本文の抑止。</p>"},
        {"type": "paragraph", "value": None},
        {"type": "quote", "value": {"text": "一行目の抑止\n二行目 <b>", "attribution": "誰か"}},
        {"type": "quote", "value": {"attribution": "名無し"}},
        {"type": "image", "value": {"image": kept.pk, "alt": "写真", "caption": "抑止の図"}},
        {"type": "image", "value": {"image": gone_id, "alt": "", "caption": "消えた抑止"}},
        {"type": "image", "value": {"image": None, "caption": "未着の抑止", "source_name": "a"}},
        {"type": "image", "value": {"image": kept.pk, "alt": "写真", "caption": ""}},
        {"type": "embed", "value": "https://example.com/抑止"},
        {"type": "retired_block", "value": "<p>抑止</p>"},
    ]
    return make_column(title="変わった本文", body=body)


def test_scan_from_stored_json_gives_the_html_the_blocks_give(odd_column):
    column = ColumnPage.objects.get(pk=odd_column.pk)
    bodies = ColumnPage.objects.filter(pk=column.pk).values_list("pk", "body")

    [(pk, html)] = linking.raw_scan_html(bodies)

    assert pk == column.pk
    assert html == linking.column_scan_html(column)
    assert "<figcaption>抑止の図</figcaption>" in html
    assert "消えた抑止" not in html and "未着の抑止" not in html


def test_rebuild_and_publishing_agree_on_an_odd_body(odd_column):
    linking.rebuild_all()
    rebuilt = stored_mentions()
    linking.update_column_mentions(ColumnPage.objects.get(pk=odd_column.pk))
    assert stored_mentions() == rebuilt
    assert rebuilt[0][2] > 1  # several occurrences of the term, counted once each
