"""Title suggestions under the search box (search-suggest.js) as a reader uses them."""

import contextlib
import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from columns.models import ColumnPage

PlaywrightError = pytest.importorskip("playwright.sync_api").Error

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUGGEST = re.compile(r"/search/suggest/\?")


@pytest.fixture
def site_pages(browser, term_site):
    """A term and columns whose titles hold 拡大抑止, and a draft that must stay hidden."""
    term, series = term_site
    pages = {"拡大抑止": term}
    for number, (title, live) in enumerate(
        [
            ("日米の拡大抑止を点検する", True),
            ("拡大抑止と核の傘", True),
            ("拡大抑止の下書き", False),
            ('<img src=x onerror="window.injected=1">抑止の話', True),
            ("物価と景気", True),
        ]
    ):
        column = series.add_child(
            instance=ColumnPage(
                title=title,
                slug=f"c{number}",
                publication_date=datetime.date(2024, 3, 1) + datetime.timedelta(days=number),
                lead="リード文です。",
                body=[("paragraph", "<p>日米の協議について述べる。</p>")],
                live=False,
            )
        )
        revision = column.save_revision()
        if live:
            revision.publish()
        pages[title] = column
    return pages


@pytest.fixture
def open_page(browser):
    """open_page(url, **context_options): a page in a fresh browser context, closed after."""
    contexts = []

    def open_(url, **options):
        context = browser.new_context(locale="ja-JP", **options)
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.goto(url)
        return page

    yield open_
    for context in contexts:
        context.close()


def options(page):
    return page.locator("#site-search-q ~ [role=listbox] [role=option]")


def option_texts(page):
    return [text.strip() for text in options(page).all_inner_texts()]


def type_and_wait(page, box, text):
    """Type like a reader and wait for the suggestions of the whole text."""
    with page.expect_response(
        lambda r: SUGGEST.search(r.url) and parse_qs(urlsplit(r.url).query)["q"] == [text]
    ):
        box.press_sequentially(text, delay=30)


def test_typing_lists_live_titles_and_the_keyboard_opens_one(open_page, live_server, site_pages):
    page = open_page(live_server.url + site_pages["物価と景気"].url)
    box = page.locator("#site-search-q")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    assert listbox.get_attribute("role") == "listbox"
    assert not listbox.is_visible()

    box.click()
    type_and_wait(page, box, "拡大抑")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    assert sorted(option_texts(page)) == sorted(
        ["拡大抑止", "日米の拡大抑止を点検する", "拡大抑止と核の傘"]
    )
    # Titles beginning with what was typed come first; the draft never shows.
    assert set(option_texts(page)[:2]) == {"拡大抑止", "拡大抑止と核の傘"}

    # Down, Down, Up: the first option is the active one, announced to screen readers.
    box.press("ArrowDown")
    box.press("ArrowDown")
    box.press("ArrowUp")
    first = options(page).first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert options(page).nth(1).get_attribute("aria-selected") == "false"
    # Up from the first wraps round to the last.
    box.press("ArrowUp")
    assert options(page).last.get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    chosen = first.inner_text().strip()

    box.press("Enter")
    page.wait_for_url(live_server.url + site_pages[chosen].url)
    assert page.locator("h1").inner_text() == chosen
    assert page.errors == []


def test_escape_closes_the_list_then_clears_the_box(open_page, live_server, site_pages):
    page = open_page(live_server.url + "/")
    box = page.locator("#site-search-q")
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    box.click()
    type_and_wait(page, box, "拡大抑")
    listbox.wait_for(state="visible")

    box.press("Escape")
    assert not listbox.is_visible()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "拡大抑"
    # Focus leaving and coming back shows the same suggestions again.
    page.locator(".site-title").focus()
    box.focus()
    assert listbox.is_visible()

    box.press("Escape")
    box.press("Escape")
    assert box.input_value() == ""
    assert not listbox.is_visible()
    # The cleared box does not bring back the old suggestions.
    page.locator(".site-title").focus()
    box.focus()
    box.press("ArrowDown")
    assert not listbox.is_visible()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.errors == []


def test_a_click_on_a_suggestion_opens_it(open_page, live_server, site_pages):
    page = open_page(live_server.url + "/")
    box = page.locator("#site-search-q")
    box.click()
    type_and_wait(page, box, "日米の拡")
    option = options(page).filter(has_text="日米の拡大抑止を点検する")
    option.click()
    page.wait_for_url(live_server.url + site_pages["日米の拡大抑止を点検する"].url)
    assert page.locator("h1").inner_text() == "日米の拡大抑止を点検する"


def test_titles_are_shown_as_text_not_markup(open_page, live_server, site_pages):
    page = open_page(live_server.url + "/")
    box = page.locator("#site-search-q")
    box.click()
    type_and_wait(page, box, "抑止の話")
    assert option_texts(page) == ['<img src=x onerror="window.injected=1">抑止の話']
    assert page.locator("[role=listbox] img").count() == 0
    assert page.evaluate("window.injected") is None


def test_nothing_is_fetched_or_opened_while_an_ime_is_composing(open_page, live_server, site_pages):
    page = open_page(live_server.url + "/")
    box = page.locator("#site-search-q")
    box.click()
    type_and_wait(page, box, "日米")
    box.press("ArrowDown")
    assert options(page).first.get_attribute("aria-selected") == "true"
    requests = []
    page.on("request", lambda r: SUGGEST.search(r.url) and requests.append(r.url))

    # What a Japanese IME sends while a word is converted: composition events
    # around input events, and Enter (keyCode 229) to confirm the conversion.
    page.evaluate(
        """() => {
            const box = document.querySelector("#site-search-q");
            box.dispatchEvent(new CompositionEvent("compositionstart", {data: ""}));
            for (const text of ["日米 か", "日米 かく", "日米 拡大", "日米 拡大抑"]) {
                box.value = text;
                box.dispatchEvent(new InputEvent("input", {data: text, isComposing: true}));
            }
        }"""
    )
    box.dispatch_event("keydown", {"key": "Enter", "keyCode": 229, "isComposing": True})
    page.wait_for_timeout(600)
    assert requests == []
    assert urlsplit(page.url).path == "/"  # the highlighted suggestion was not opened

    with page.expect_response(SUGGEST):
        page.evaluate(
            """() => document.querySelector("#site-search-q")
                .dispatchEvent(new CompositionEvent("compositionend", {data: "拡大抑"}))"""
        )
    assert [parse_qs(urlsplit(url).query)["q"] for url in requests] == [["日米 拡大抑"]]
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=option]')]"
        ".every((o) => o.textContent.includes('拡大抑止'))"
    )
    assert option_texts(page) == ["日米の拡大抑止を点検する"]


def test_a_late_answer_for_an_older_query_is_ignored(open_page, live_server, site_pages):
    page = open_page(live_server.url + "/")
    held = []

    def hold_old_query(route):
        if parse_qs(urlsplit(route.request.url).query)["q"] == ["物価"]:
            held.append(route)
        else:
            route.continue_()

    page.route(SUGGEST, hold_old_query)
    box = page.locator("#site-search-q")
    box.click()
    box.press_sequentially("物価", delay=30)
    page.wait_for_timeout(400)  # past the typing delay: the request for 物価 is out
    assert len(held) == 1
    box.fill("")
    type_and_wait(page, box, "拡大抑")
    page.locator("#site-search-q ~ [role=listbox]").wait_for(state="visible")
    expected = option_texts(page)
    assert "拡大抑止" in expected

    # The answer for 物価 arrives now (unless the script has cancelled the request);
    # the list still answers what is in the box.
    with contextlib.suppress(PlaywrightError):
        held[0].continue_()
    page.wait_for_timeout(500)
    assert option_texts(page) == expected
    assert "物価と景気" not in option_texts(page)


def test_the_search_page_box_submits_when_no_suggestion_is_chosen(
    open_page, live_server, site_pages
):
    page = open_page(live_server.url + "/search/")
    box = page.locator("#search-page-q")
    assert box.get_attribute("role") == "combobox"
    box.click()
    with page.expect_response(SUGGEST):
        box.press_sequentially("拡大抑止", delay=30)
    page.locator("#search-page-q ~ [role=listbox]").wait_for(state="visible")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#search-page-q").input_value() == "拡大抑止"
    titles = page.locator(".search-result h2, .search-result h3").all_inner_texts()
    assert any("日米の拡大抑止を点検する" in title for title in titles)
    assert not any("下書き" in title for title in titles)


def test_options_are_big_enough_to_tap_on_a_phone(open_page, live_server, site_pages):
    page = open_page(
        live_server.url + "/",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    box = page.locator("#site-search-q")
    box.tap()
    type_and_wait(page, box, "拡大抑")
    page.locator("#site-search-q ~ [role=listbox]").wait_for(state="visible")
    for index in range(options(page).count()):
        option_box = options(page).nth(index).bounding_box()
        assert option_box["height"] >= 44
        assert option_box["x"] >= 0 and option_box["x"] + option_box["width"] <= 390
    options(page).filter(has_text="拡大抑止と核の傘").tap()
    page.wait_for_url(live_server.url + site_pages["拡大抑止と核の傘"].url)


def test_without_javascript_the_box_is_a_plain_search_form(open_page, live_server, site_pages):
    page = open_page(live_server.url + "/", java_script_enabled=False)
    box = page.locator("#site-search-q")
    assert box.get_attribute("role") is None
    assert page.locator("[role=listbox]").count() == 0
    box.fill("拡大抑止")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "日米の拡大抑止を点検する" in page.locator("main").inner_text()
