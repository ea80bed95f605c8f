"""Glossary popovers as a reader meets them: hover, keyboard focus, Esc (WCAG 1.4.13)."""

import datetime

import pytest

from columns.models import ColumnPage

# serialized_rollback brings back the root page and locale that migrations create.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def column_with_term(term_site):
    _term, series = term_site
    column = series.add_child(
        instance=ColumnPage(
            title="抑止の話",
            publication_date=datetime.date(2024, 8, 9),
            lead="リード",
            body=[("paragraph", "<p>日米は拡大抑止について協議しました。</p>")],
        )
    )
    column.save_revision().publish()
    return column


def test_popover_opens_on_hover_and_focus_stays_on_hover_and_closes_with_escape(
    browser, live_server, column_with_term, screenshots
):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    page.goto(live_server.url + column_with_term.url)
    link = page.locator(".column-body a.glossary-term")
    tip = page.locator("#" + link.get_attribute("aria-describedby"))
    assert link.inner_text() == "拡大抑止"
    assert not tip.is_visible()

    link.hover()
    tip.wait_for(state="visible")
    assert "抑止力を同盟国にも広げる" in tip.inner_text()
    # The pointer can move onto the popover without it closing.
    tip.hover()
    page.wait_for_timeout(500)
    assert tip.is_visible()
    page.screenshot(path=str(screenshots / "glossary-popover.png"))
    page.keyboard.press("Escape")
    assert not tip.is_visible()

    page.mouse.move(0, 0)
    link.focus()
    tip.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert not tip.is_visible()

    # Following the link leads to the term page.
    link.click()
    page.wait_for_url("**/glossary/kakudai-yokushi/")
    assert page.locator("h1").inner_text() == "拡大抑止"
    page.close()


def test_the_link_works_without_javascript(browser, live_server, column_with_term):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + column_with_term.url)
    page.locator(".column-body a.glossary-term").click()
    page.wait_for_url("**/glossary/kakudai-yokushi/")
    context.close()
