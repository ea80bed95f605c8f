"""XSS: every payload of the corpus through every field editors and promo staff fill.

The whole corpus goes into one site, written through the models (no admin form
cleans anything; tests/security/test_xss_admin.py covers the admin path). Every
public page that shows those fields is rendered anonymously and parsed with
html5lib: no script runs (tests/security/checks.py says what counts), and the
payloads are shown as the text they are, not dropped.
"""

import json
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils.html import escape
from django.utils.text import Truncator
from wagtail.rich_text import RichText

from columns import promos
from columns.feeds import xml_text
from columns.search_views import clean_query

from . import corpus_site
from .checks import PAYLOADS, SAMPLE, dangerous_url, find_violations, parse
from .corpus_site import FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The corpus site, built once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        yield corpus_site.build()
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def reader():
    return Client()


class Findings:
    """Collects every problem so one run reports them all."""

    def __init__(self):
        self.items = []

    def check(self, html, where):
        self.items += find_violations(html, FIELDS, where)

    def expect(self, condition, message):
        if not condition:
            self.items.append(message)

    def assert_none(self):
        shown = "\n".join(self.items[:60])
        more = f"\n… and {len(self.items) - 60} more" if len(self.items) > 60 else ""
        assert not self.items, f"{len(self.items)} problems:\n{shown}{more}"


def get(reader, url, **params):
    response = reader.get(url, params)
    assert response.status_code == 200, f"{url} {params}: {response.status_code}"
    return response


def text(node):
    return node.get_text() if node is not None else None


def json_ld(soup, kind):
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        if data.get("@type") == kind:
            return data
    return None


# -- the corpus and the checker -----------------------------------------------------------------

RAW_CONTEXTS = {
    "element content": "<!DOCTYPE html><body><p>{}</p></body>",
    "double-quoted attribute": '<!DOCTYPE html><body><a title="{}" href="/">x</a></body>',
    "single-quoted attribute": "<!DOCTYPE html><body><a title='{}' href='/'>x</a></body>",
    "URL attribute": '<!DOCTYPE html><body><a href="{}">x</a></body>',
    "title": "<!DOCTYPE html><head><title>{}</title></head>",
    "JSON-LD": '<!DOCTYPE html><head><script type="application/ld+json">{{"name":"{}"}}</script>',
}


def test_the_corpus_holds_over_100_payloads_that_run_when_not_escaped():
    assert len(PAYLOADS) == len(set(PAYLOADS)) >= 100
    # Put in raw, as a template without escaping would, the checker must catch them:
    # otherwise a clean result below would prove nothing.
    live = [
        payload
        for payload in PAYLOADS
        if any(find_violations(context.replace("{}", payload)) for context in RAW_CONTEXTS.values())
    ]
    assert len(live) >= 100, f"only {len(live)} payloads are caught when left raw"
    assert (
        find_violations(
            '<html><head><script src="/static/columns/js/search-suggest.js" defer></script>'
            '<script type="application/ld+json">{"name": "\\u003C/script\\u003E"}</script>'
            '<link rel="icon" href="/static/columns/favicon.svg" type="image/svg+xml">'
            '<link rel="stylesheet" href="/static/columns/css/site.css"></head></html>'
        )
        == []
    ), "the site's own scripts, icon and stylesheet are not findings"
    assert find_violations('<link rel="icon" href="https://evil.example/x.svg">')
    for url in ("java\tscript:alert(1)", " JAVASCRIPT:x", "\x01vbscript:x", "data:text/html,x"):
        assert dangerous_url(url)
    assert not dangerous_url("data:image/png;base64,AAAA")
    assert not dangerous_url("/glossary/javascript:/")


RICH_TEXT_RENDERERS = {
    "paragraph block (RichText)": "{{ value }}",
    "|richtext filter (intros)": "{% load wagtailcore_tags %}{{ source|richtext }}",
    "glossary_richtext (term explanations)": (
        "{% load glossary_tags %}{% glossary_richtext source %}"
    ),
}


# What the rich text features of this site make (links only with a safe href).
RICH_TEXT_ELEMENTS = {"p", "a", "b", "i", "em", "strong", "br", "hr", "ol", "ul", "li", "sub"}
RICH_TEXT_ELEMENTS |= {"sup", "div", "h1", "h2", "h3", "h4", "h5", "h6"}


def test_every_payload_alone_through_each_rich_text_renderer(db):
    """Rendered rich text keeps only what its editor can make, whoever wrote the value."""
    findings = Findings()
    for name, code in RICH_TEXT_RENDERERS.items():
        template = Template(f"<!DOCTYPE html><html><body><main>{code}</main></body></html>")
        for i, payload in enumerate(PAYLOADS):
            for source in (
                payload,
                f"<p>{payload}</p>",
                f'<p><a href="{escape(payload)}">x</a></p>',
            ):
                html = template.render(Context({"value": RichText(source), "source": source}))
                soup = parse(html)
                for problem in find_violations(soup, where=name):
                    findings.items.append(f"payload {i} {source!r}: {problem}")
                for element in soup.main.find_all(True):
                    findings.expect(
                        element.name in RICH_TEXT_ELEMENTS
                        and set(element.attrs) <= ({"href"} if element.name == "a" else set()),
                        f"payload {i} {source!r}: {name} let {str(element)[:80]!r} through",
                    )
    findings.assert_none()


# -- pages --------------------------------------------------------------------------------------


def test_column_pages(corpus, reader):
    findings = Findings()
    for column in [*corpus.columns, corpus.fallback_column]:
        column.refresh_from_db()
        soup = parse(get(reader, column.url).content)
        where = f"column {column.url}"
        findings.check(soup, where)
        findings.expect(text(soup.find("h1")) == column.title, f"{where}: h1 is not the title")
        og_title = soup.find("meta", property="og:title")
        findings.expect(og_title and og_title["content"] == column.title, f"{where}: og:title")
        article = json_ld(soup, "NewsArticle") or {}
        tags = sorted(tag.name for tag in column.tags.all())
        findings.expect(
            article.get("headline") == column.title
            and article.get("description") == column.meta_description()
            and sorted(article.get("keywords", [])) == tags,
            f"{where}: JSON-LD does not hold the title, lead and tags as text",
        )
        hero = soup.select_one("figure.hero img")
        findings.expect(
            hero is not None and hero.get("alt") == column.hero_alt_text,
            f"{where}: hero alt is not {column.hero_alt_text!r}",
        )
        if column.hero_caption:
            findings.expect(
                text(soup.select_one("figure.hero figcaption")) == column.hero_caption,
                f"{where}: hero caption",
            )
        shown_tags = sorted(text(a) for a in soup.select(".column-tags a"))
        findings.expect(shown_tags == tags, f"{where}: tag names")
        headings = {text(h) for h in soup.select(".column-body h2, .column-body h3")}
        for block in column.body:
            if block.block_type == "heading":
                findings.expect(block.value["text"] in headings, f"{where}: heading text")
        # The popovers hold the definitions as text.
        tips = {tip["id"]: text(tip) for tip in soup.select(".glossary-tip")}
        for link in soup.select(".column-body a.glossary-term"):
            term = next(t for t in corpus.terms if str(t.pk) == link["data-term-id"])
            findings.expect(
                tips.get(link["aria-describedby"]) == term.definition,
                f"{where}: popover of term {term.pk}",
            )
        if column is not corpus.fallback_column:
            findings.expect(soup.select(".line-promo"), f"{where}: no promo shown")
    findings.assert_none()


def test_image_title_seo_title_and_search_description_of_a_column(corpus, reader):
    """A hero image without alt text on the column shows the image's title instead."""
    findings = Findings()
    column = corpus.fallback_column
    image = type(column.hero_image).objects.filter(pk=column.hero_image_id)
    for values in corpus.fallback_rounds:
        image.update(title=values["title"], description=values["description"])
        type(column).objects.filter(pk=column.pk).update(
            seo_title=values["seo_title"], search_description=values["search_description"]
        )
        column.refresh_from_db()
        soup = parse(get(reader, column.url).content)
        where = f"column {column.url} with image title {values['title'][:20]!r}"
        findings.check(soup, where)
        alt = soup.select_one("figure.hero img").get("alt")
        findings.expect(alt == values["title"], f"{where}: hero alt")
        og_alt = soup.find("meta", property="og:image:alt")
        findings.expect(og_alt and og_alt["content"] == values["title"], f"{where}: og alt")
        findings.expect(
            text(soup.title).startswith(values["seo_title"] or column.title), f"{where}: title"
        )
        description = soup.find("meta", attrs={"name": "description"})["content"]
        findings.expect(description == column.meta_description(), f"{where}: description")
    findings.assert_none()


def test_unknown_urls_holding_payloads(corpus, reader):
    findings = Findings()
    for i in SAMPLE:
        for url in (f"/{quote(PAYLOADS[i])}/", f"{corpus.home.url}tags/{quote(PAYLOADS[i])}/"):
            response = reader.get(url)
            findings.expect(response.status_code == 404, f"{url}: {response.status_code}")
            findings.check(response.content.decode(), url)
    findings.assert_none()


def test_home_series_glossary_and_tag_pages(corpus, reader):
    findings = Findings()
    for page in [corpus.home, corpus.glossary, *corpus.series]:
        findings.check(parse(get(reader, page.url).content), f"page {page.url}")
    for series in corpus.series:
        soup = parse(get(reader, series.url).content)
        where = f"series {series.url}"
        findings.expect(text(soup.find("h1")) == series.title, f"{where}: h1")
        if series.seo_title:
            findings.expect(text(soup.title).startswith(series.seo_title), f"{where}: title")
        description = soup.find("meta", attrs={"name": "description"})["content"]
        if series.search_description:
            findings.expect(description == series.search_description, f"{where}: description")
        rss = soup.find("link", type="application/rss+xml")
        findings.expect(rss["title"] == series.title, f"{where}: feed link title")
    for readings in corpus.reading_rounds:
        for term, reading in zip(corpus.terms, readings, strict=True):
            type(term).objects.filter(pk=term.pk).update(reading=reading)
        soup = parse(get(reader, corpus.glossary.url).content)
        findings.check(soup, "glossary index")
        listed = {text(a) for a in soup.select(".term-list dt a")}
        findings.expect(listed == {t.title for t in corpus.terms}, "glossary index: term names")
        definitions = {text(dd) for dd in soup.select(".term-list dd")}
        findings.expect(
            definitions == {t.definition for t in corpus.terms}, "glossary index: definitions"
        )
        shown = {text(span) for span in soup.select(".term-list .reading")}
        findings.expect(
            shown == {f"（{reading}）" for reading in readings}, "glossary index: readings"
        )
    for tag in corpus.tags:
        url = corpus.home.url + f"tags/{tag.slug}/"
        soup = parse(get(reader, url).content)
        findings.check(soup, f"tag page {url}")
        findings.expect(tag.name in text(soup.find("h1")), f"tag page {url}: h1")
        findings.expect(tag.name in text(soup.title), f"tag page {url}: title")
    findings.assert_none()


def test_home_and_glossary_titles(corpus, reader):
    """Titles of the single home and glossary pages, one batch after another."""
    findings = Findings()
    for home_title, glossary_title in corpus.rotating_titles:
        type(corpus.home).objects.filter(pk=corpus.home.pk).update(title=home_title)
        type(corpus.glossary).objects.filter(pk=corpus.glossary.pk).update(title=glossary_title)
        home = parse(get(reader, corpus.home.url).content)
        findings.check(home, "home page")
        findings.expect(text(home.find("h1")) == home_title, "home page: h1")
        findings.expect(text(home.title) == home_title, "home page: title")
        glossary = parse(get(reader, corpus.glossary.url).content)
        findings.check(glossary, "glossary index")
        findings.expect(text(glossary.find("h1")) == glossary_title, "glossary index: h1")
        trail = json_ld(glossary, "BreadcrumbList")["itemListElement"]
        findings.expect(
            [item["name"] for item in trail] == [home_title, glossary_title],
            "breadcrumb JSON-LD names",
        )
        shown = [text(li) for li in glossary.select(".breadcrumbs li")]
        findings.expect(shown == [home_title, glossary_title], "breadcrumbs")
    findings.assert_none()


def test_term_pages(corpus, reader):
    findings = Findings()
    for term in corpus.terms:
        term.refresh_from_db()
        soup = parse(get(reader, term.url).content)
        where = f"term {term.url}"
        findings.check(soup, where)
        findings.expect(text(soup.find("h1")) == term.title, f"{where}: h1")
        findings.expect(text(soup.select_one("p.definition")) == term.definition, f"{where}: def")
        findings.expect(
            term.reading in text(soup.select_one("header .reading")), f"{where}: reading"
        )
        aliases = [text(li) for li in soup.select("ul.aliases li")]
        findings.expect(aliases == term.alias_forms(), f"{where}: other forms")
        data = json_ld(soup, "DefinedTerm") or {}
        findings.expect(
            data.get("name") == term.title
            and data.get("description") == term.definition
            and data.get("alternateName", []) == term.alias_forms(),
            f"{where}: JSON-LD",
        )
        findings.expect(soup.select(".term-mentions li"), f"{where}: no column listed")
    findings.assert_none()


def test_search_results_and_suggestions(corpus, reader):
    findings = Findings()
    titles = {page.title for page in [*corpus.columns, *corpus.terms]}
    results_shown = 0
    for i, payload in enumerate(PAYLOADS):
        query = clean_query(payload)[0]
        soup = parse(get(reader, "/search/", q=payload).content)
        where = f"search for payload {i} {payload!r}"
        findings.check(soup, where)
        box = soup.find("input", attrs={"name": "q", "id": "search-page-q"})
        findings.expect(box.get("value", "") == query, f"{where}: the box does not hold it")
        if query:
            findings.expect(query in text(soup.find("h1")), f"{where}: h1")
        results_shown += len(soup.select(".search-result"))

        response = get(reader, "/search/suggest/", q=payload)
        where = f"suggestions for payload {i} {payload!r}"
        findings.expect(response["Content-Type"] == "application/json", f"{where}: not JSON")
        for result in json.loads(response.content)["results"]:
            findings.expect(result["title"] in titles, f"{where}: title changed")
            findings.expect(urlsplit(result["url"]).scheme in ("", "http"), f"{where}: URL")
    # Highlighted titles and snippets of hostile text were on show, not just empty pages.
    assert results_shown >= len(PAYLOADS)
    findings.assert_none()


def test_feeds_and_sitemap(corpus, reader):
    findings = Findings()
    columns = [*corpus.columns, corpus.fallback_column]
    titles = {xml_text(column.title): column for column in columns}
    items = 0
    for series in corpus.series:
        url = series.url + "feed/"
        channel = ET.fromstring(get(reader, url).content).find("channel")
        findings.expect(channel.findtext("title") == xml_text(series.title), f"feed {url}: title")
        for item in channel.findall("item"):
            items += 1
            column = titles.get(item.findtext("title"))
            findings.expect(column is not None, f"feed {url}: item title changed")
            if column is None:
                continue
            where = f"feed {url}, item {column.url}"
            # Feed readers show <description> as HTML: the lead must come out as text.
            description = parse(item.findtext("description"))
            findings.check(description, where)
            findings.expect(
                text(description.body) == xml_text(column.lead), f"{where}: description"
            )
            categories = sorted(c.text for c in item.findall("category"))
            findings.expect(
                categories == sorted(xml_text(t.name) for t in column.tags.all()),
                f"{where}: categories",
            )
    assert items == len(columns)
    sitemap = ET.fromstring(get(reader, "/sitemap.xml").content)
    locations = [
        loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert len(locations) > len(corpus.columns)
    for location in locations:
        findings.expect(location.startswith("http://testserver/"), f"sitemap: {location!r}")
    findings.assert_none()


def test_promo_blocks(corpus):
    """Every promo as readers get it (tracked link) and as page previews show it (direct link).

    The friend-add URL is checked when a form saves it; one written past the form
    must not become a link either.
    """
    findings = Findings()
    template = Template("{% include 'columns/promos/line_promo.html' %}")
    request = RequestFactory().get("/")
    cards = {card.pk: card for card in promos.live_candidates()}
    assert len(cards) == len(corpus.promos)
    for promo in corpus.promos:
        card = cards[promo.pk]
        for track in (True, False):
            data = promos.promo_context(card, page_id=corpus.columns[0].pk, track=track)
            html = template.render(Context({**data, "request": request}))
            where = f"promo with URL {card.url!r} ({'reader' if track else 'page preview'})"
            soup = parse(html)
            findings.check(soup, where)
            findings.expect(text(soup.select_one(".line-promo__heading")) == card.heading, where)
            body = soup.select_one(".line-promo__body")
            findings.expect(
                not card.body or body.get_text() == card.body.replace("\n", ""), f"{where}: body"
            )
            findings.expect(
                text(soup.select_one(".line-promo__button")) == card.button_label,
                f"{where}: button label",
            )
            findings.expect(
                text(soup.select_one(".line-promo__id-value")) == card.line_id, f"{where}: ID"
            )
            image = soup.select_one(".line-promo__image")
            findings.expect(image.get("alt") == card.image_alt, f"{where}: image alt")
    findings.assert_none()


def test_lead_truncated_in_cards_stays_text(corpus, reader):
    """Listings cut leads at 120 characters; a cut never leaves half an escape behind."""
    soup = parse(get(reader, corpus.series[0].url).content)
    leads = [text(p) for p in soup.select(".card-lead")]
    expected = {Truncator(c.lead).chars(120) for c in corpus.columns}
    assert leads and set(leads) <= expected
