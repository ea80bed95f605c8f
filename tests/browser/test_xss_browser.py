"""XSS in a real browser: the nastiest payloads in every field, and no dialog ever opens.

The site of tests/security/corpus_site.py, built with the sample of
tests/security/checks.py, is loaded in chromium with the Content-Security-Policy
bypassed, so what is tested is the markup itself: a policy would otherwise hide
an escaping bug. Every payload calls alert, confirm or prompt when it runs.
"""

from urllib.parse import quote

import pytest
from django.conf import settings
from wagtail.models import Locale, Page

from tests.security import corpus_site
from tests.security.checks import PAYLOADS, SAMPLE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def corpus(browser, transactional_db):
    # serialized_rollback may restore nothing once Playwright's loop runs (see
    # tests/browser/conftest.py); the root page and locale are all the site needs.
    if Page.get_first_root_node() is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return corpus_site.build(SAMPLE)


class Reader:
    """A chromium tab that records dialogs, script errors and console errors."""

    def __init__(self, browser, base_url):
        self.context = browser.new_context(
            bypass_csp=True, locale="ja-JP", viewport={"width": 1024, "height": 768}
        )
        self.page = self.context.new_page()
        self.base_url = base_url
        self.dialogs, self.errors = [], []
        self.where = ""
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"{self.where}: {exc}"))
        self.page.on("console", self._console)
        # Failed loads name their URL here (the browser's own favicon request is not seen).
        self.page.on(
            "response",
            lambda r: r.status >= 400 and self.errors.append(f"{self.where}: {r.status} {r.url}"),
        )

    def _console(self, message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"{self.where}: {message.text}")

    def _dialog(self, dialog):
        self.dialogs.append(f"{self.where}: {dialog.type}({dialog.message!r})")
        dialog.dismiss()

    def visit(self, url):
        """Load, then do what a reader does: move over the page, tab through it, hover links."""
        self.where = url
        page = self.page
        page.goto(self.base_url + url)
        height = page.evaluate("document.documentElement.scrollHeight")
        for y in range(0, min(height, 20000), 120):
            page.mouse.move(500, y % 700 + 20)
            if y and y % 700 == 0:
                page.mouse.wheel(0, 700)
        for _ in range(25):
            page.keyboard.press("Tab")
        for link in page.locator("a.glossary-term").all():
            link.scroll_into_view_if_needed()
            link.hover()
            link.focus()
        page.wait_for_timeout(200)

    def close(self):
        self.context.close()


@pytest.fixture
def reader(browser, live_server):
    reader = Reader(browser, live_server.url)
    yield reader
    reader.close()


def test_a_payload_that_runs_is_noticed(reader):
    """The listener works: the same payloads, put in raw, open dialogs at once."""
    reader.page.set_content(
        "<img src=x onerror=alert(1)><svg onload=confirm(2)></svg><details open ontoggle=prompt(3)>"
    )
    reader.page.wait_for_timeout(300)
    assert len(reader.dialogs) == 3


def test_no_payload_runs_in_chromium(reader, corpus):
    urls = [
        corpus.home.url,
        corpus.glossary.url,
        *(column.url for column in corpus.columns),
        corpus.fallback_column.url,
        *(term.url for term in corpus.terms),
        *(series.url for series in corpus.series),
        *(corpus.home.url + f"tags/{tag.slug}/" for tag in corpus.tags),
    ]
    for url in urls:
        reader.visit(url)

    # Glossary popovers open with the definitions as text, and the promo ends the column.
    reader.visit(corpus.columns[0].url)
    link = reader.page.locator(".column-body a.glossary-term").first
    link.hover()
    tip = reader.page.locator("#" + link.get_attribute("aria-describedby"))
    tip.wait_for(state="visible")
    term_id = int(link.get_attribute("data-term-id"))
    assert tip.inner_text() == next(t.definition for t in corpus.terms if t.pk == term_id)
    assert reader.page.locator(".line-promo__heading").inner_text() == corpus.promos[0].heading

    # Search results echo each query; typing it into the box lists title suggestions.
    for i in SAMPLE:
        reader.visit("/search/?q=" + quote(PAYLOADS[i]))
    reader.visit("/search/")
    box = reader.page.locator("#search-page-q")
    for i in SAMPLE:
        reader.where = f"suggestions for payload {i}"
        box.fill("")
        box.type(PAYLOADS[i][:40], delay=5)
        reader.page.wait_for_timeout(400)
        for option in reader.page.locator(".search-suggestions [role=option]").all():
            option.hover()
    box.fill("script")
    reader.page.locator(".search-suggestions [role=option]").first.wait_for()

    assert not reader.dialogs, "\n".join(reader.dialogs)
    assert not reader.errors, "\n".join(reader.errors)
