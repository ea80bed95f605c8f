"""Reader pages cost a fixed number of queries, whatever the site holds.

Cold means an empty shared cache (no page cache, no cached glossary version,
promos or site root paths); images already have their renditions and the
process has built its glossary automaton, as on a server that has run a while.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from columns.models import ColumnBackNumber, ColumnPage, ColumnSeriesIndexPage
from glossary import linking
from glossary.models import GlossaryAlias, GlossaryIndexPage, GlossaryRelatedTerm, GlossaryTermPage

MAX_COLD_QUERIES = 15


def cold_queries(client, url):
    assert client.get(url).status_code == 200  # renditions, the glossary automaton
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


class Site:
    """A series, a glossary and a tag that grow together; the measured pages stay put."""

    def __init__(self, home, series, hero_image):
        self.home, self.series, self.hero_image = home, series, hero_image
        self.glossary = home.add_child(instance=GlossaryIndexPage(title="用語集", slug="glossary"))
        self.other_series = home.add_child(
            instance=ColumnSeriesIndexPage(title="経済ウォッチ", slug="keizai")
        )
        self.columns, self.terms = [], []
        self.term = self.add_term("拡大抑止", "かくだいよくし", body="<p>同盟の抑止力。</p>")
        for form in ("拡大抑止力", "extended deterrence"):
            GlossaryAlias.objects.create(term=self.term, form=form)

    def add_term(self, title, reading, body=""):
        term = GlossaryTermPage(
            title=title, reading=reading, definition=f"{title}の説明。", body=body, live=True
        )
        self.glossary.add_child(instance=term)
        self.terms.append(term)
        return term

    def add_column(self, number):
        column = ColumnPage(
            title=f"コラム{number}",
            publication_date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
            lead=f"リード{number}",
            body=[("paragraph", f"<p>用語{number}と拡大抑止を論じる。</p>")],
            hero_image=self.hero_image,
            hero_alt="写真",
            live=True,
        )
        parent = self.series if number % 2 else self.other_series
        parent.add_child(instance=column)
        column.tags.add("安全保障", f"話題{number}")
        column.save()
        self.columns.append(column)
        return column

    def grow_to(self, size):
        """Columns and terms up to `size` each; each column mentions two terms."""
        while len(self.columns) < size:
            number = len(self.columns) + 1
            self.add_column(number)
            term = self.add_term(f"用語{number}", "ようご")
            if len(self.terms) <= 4:
                GlossaryRelatedTerm.objects.create(page=self.term, term=term)
        linking.rebuild_all()

    def urls(self):
        column = self.columns[2]  # an odd number: in the series, with curated back numbers
        return {
            "column": column.url,
            "column with curated back numbers": self.columns[4].url,
            "series index": self.series.url,
            "series index, page 2": self.series.url + "?page=2",
            "tag page": self.home.url + "tags/安全保障/",
            "term page": self.term.url,
            "glossary index": self.glossary.url,
            "home page": self.home.url,
        }


@pytest.fixture
def site(home, series, hero_image, settings):
    settings.COLUMNS_PER_PAGE = 2  # so that even the small site has a second page
    return Site(home, series, hero_image)


def test_reader_pages_cost_the_same_few_queries_at_any_size(client, site):
    site.grow_to(5)
    curated = site.columns[4]
    ColumnBackNumber.objects.create(page=curated, column=site.columns[0], sort_order=0)
    ColumnBackNumber.objects.create(page=curated, column=site.columns[2], sort_order=1)
    small = {name: cold_queries(client, url) for name, url in site.urls().items()}

    site.grow_to(50)
    large = {name: cold_queries(client, url) for name, url in site.urls().items()}
    # Restricted columns where the newest back numbers were cost nothing more.
    for column in site.columns[-6:]:
        PageViewRestriction.objects.create(
            page=column, restriction_type=PageViewRestriction.PASSWORD, password="pw"
        )
    restricted = {name: cold_queries(client, url) for name, url in site.urls().items()}

    assert large == small
    assert restricted == small
    assert max(small.values()) <= MAX_COLD_QUERIES, small


def test_the_pages_measured_show_what_they_should(client, site):
    """The counts above are of real pages: each lists what the data holds."""
    from bs4 import BeautifulSoup

    site.grow_to(5)
    pages = {
        name: BeautifulSoup(client.get(url).content.decode(), "html.parser")
        for name, url in site.urls().items()
    }
    column = pages["column"]
    assert column.select_one("h1").get_text() == "コラム3"
    assert [a.get_text() for a in column.select(".back-numbers li a")] == ["コラム5", "コラム1"]
    assert column.select_one(".prev-next .prev a")["href"] == site.columns[0].url
    assert column.select_one(".prev-next .next a")["href"] == site.columns[4].url
    assert {dt.get_text() for dt in column.select(".column-terms dt")} == {"用語3", "拡大抑止"}
    assert len(pages["series index"].select(".card")) == 2
    assert len(pages["tag page"].select(".card")) == 2
    term = pages["term page"]
    assert len(term.select(".term-mentions .mention-count")) == 2  # a page of the five
    assert [li.get_text() for li in term.select(".aliases li")] == [
        "拡大抑止力",
        "extended deterrence",
    ]
    assert len(term.select(".related-terms li")) == 3
