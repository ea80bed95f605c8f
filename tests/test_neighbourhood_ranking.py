"""Back numbers, previous and next column: ranked in one pass over the series.

ColumnPage.neighbourhood ranks the live, public siblings with window functions
and checks view restrictions per page and per ancestor; these tests hold it to
the plain definition (every other live public column of the series, by
publication date then id) on every column of a series with ties, drafts,
restricted columns and a second series interleaved in time.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from columns.models import ColumnBackNumber, ColumnPage, ColumnSeriesIndexPage

D = datetime.date


def page_of(client, column):
    response = client.get(column.url)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def shown(soup):
    """(back number titles, previous column's href, next column's href) on a page."""
    back = [a.get_text(strip=True) for a in soup.select(".back-numbers li a")]
    prev = soup.select_one(".prev-next a[rel=prev]")
    nxt = soup.select_one(".prev-next a[rel=next]")
    return back, prev and prev["href"], nxt and nxt["href"]


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )


@pytest.fixture
def other_series(home):
    return home.add_child(instance=ColumnSeriesIndexPage(title="経済ウォッチ", slug="keizai"))


@pytest.fixture
def crowded_series(series, other_series, make_column):
    """A series whose public columns tie on dates, with hidden ones in between."""
    series.back_number_count = 3
    series.save_revision().publish()
    public, hidden = [], []
    dates = [D(2024, 1, 1), D(2024, 1, 5), D(2024, 1, 5), D(2024, 1, 5), D(2024, 2, 1)]
    dates += [D(2024, 3, 1), D(2024, 3, 1), D(2024, 4, 1)]
    for i, date in enumerate(dates):
        public.append(make_column(title=f"公開{i}", date=date))
        # Hidden columns next to each public one, newer and older than their neighbours.
        if i % 3 == 0:
            hidden.append(make_column(title=f"下書き{i}", date=date, live=False))
        if i % 3 == 1:
            private = make_column(title=f"限定{i}", date=date)
            restrict(private)
            hidden.append(private)
        make_column(title=f"他シリーズ{i}", date=date, parent=other_series)
    # The newest column of all is restricted: it must not head the back numbers.
    newest = make_column(title="限定最新", date=D(2025, 1, 1))
    restrict(newest)
    hidden.append(newest)
    # A restriction elsewhere in the tree hides nothing here.
    restrict(other_series)
    return public, hidden


def expected(column, public, count):
    """The plain definition, computed in Python."""
    others = sorted(
        (c for c in public if c.pk != column.pk), key=lambda c: (c.publication_date, c.pk)
    )
    key = (column.publication_date, column.pk)
    older = [c for c in others if (c.publication_date, c.pk) < key]
    newer = [c for c in others if (c.publication_date, c.pk) > key]
    return (
        [c.title for c in reversed(others)][:count],
        older[-1].url if older else None,
        newer[0].url if newer else None,
    )


def test_every_column_shows_the_newest_others_and_its_neighbours_by_date_then_id(
    client, crowded_series
):
    public, hidden = crowded_series
    hidden_titles = {c.title for c in hidden}
    for column in public:
        back, prev, nxt = shown(page_of(client, column))
        assert (back, prev, nxt) == expected(column, public, 3), column.title
        assert not hidden_titles & set(back)


def test_restricted_and_draft_columns_are_never_listed_even_when_curated(
    client, series, make_column
):
    public = make_column(title="公開回", date=D(2024, 1, 1))
    draft = make_column(title="下書き回", date=D(2024, 1, 2), live=False)
    private = make_column(title="限定回", date=D(2024, 1, 3))
    restrict(private)
    current = make_column(title="今回", date=D(2024, 1, 4))
    nxt = make_column(title="次回", date=D(2024, 1, 5))
    for order, column in enumerate([private, draft, public]):
        ColumnBackNumber.objects.create(page=current, column=column, sort_order=order)

    back, prev, next_href = shown(page_of(client, current))
    assert back == ["公開回"]
    assert prev == public.url  # the restricted and the draft column are skipped
    assert next_href == nxt.url

    # Only hidden columns curated: the list stays empty rather than falling back.
    ColumnBackNumber.objects.filter(page=current, column=public).delete()
    assert shown(page_of(client, current))[0] == []


def test_a_restricted_series_lists_nothing_of_itself(series, make_column):
    """A restriction on an ancestor covers every sibling: nothing is listed."""
    older = make_column(title="前回", date=D(2024, 1, 1))
    current = make_column(title="今回", date=D(2024, 1, 2))
    assert current.neighbourhood() == ([older], older, None)
    restrict(series)

    assert ColumnPage.objects.get(pk=current.pk).neighbourhood() == ([], None, None)


def test_a_preview_lists_the_curated_columns_being_edited(series, make_column):
    first = make_column(title="第1回", date=D(2024, 1, 1))
    draft = make_column(title="下書き回", date=D(2024, 1, 2), live=False)
    second = make_column(title="第2回", date=D(2024, 1, 3))
    current = make_column(title="今回", date=D(2024, 1, 4))
    current.curated_back_numbers = [
        ColumnBackNumber(column=second, sort_order=0),
        ColumnBackNumber(column=draft, sort_order=1),
        ColumnBackNumber(column=first, sort_order=2),
    ]

    response = current.make_preview_request()
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert shown(soup) == (["第2回", "第1回"], second.url, None)


def test_a_preview_without_curated_columns_lists_the_newest(series, make_column):
    first = make_column(title="第1回", date=D(2024, 1, 1))
    current = make_column(title="今回", date=D(2024, 1, 2))
    second = make_column(title="第2回", date=D(2024, 1, 3))
    current.curated_back_numbers = []  # what the edit form holds when none are chosen

    response = current.make_preview_request()
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert shown(soup) == (["第2回", "第1回"], first.url, second.url)
