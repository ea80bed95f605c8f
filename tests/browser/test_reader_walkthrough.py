"""A reader walks home → series → column → tag page in a real browser."""

import pytest
from django.core.management import call_command

# serialized_rollback brings back the root page and locale that migrations create.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def demo_site(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", verbosity=0)


def load_lazy_images(page):
    """Scroll through the page so lazy images load before a full-page screenshot."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += 600) {
                window.scrollTo(0, y);
                await new Promise((r) => setTimeout(r, 50));
            }
            window.scrollTo(0, 0);
        }"""
    )
    page.wait_for_function("[...document.images].every((img) => img.complete)")


def test_reader_walks_from_home_to_a_tag_page(browser, live_server, demo_site, screenshots):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Every request the pages make succeeds (the site icon included: a missing one
    # costs each first visit a 404).
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))

    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "ja"
    load_lazy_images(page)
    page.screenshot(path=str(screenshots / "home.png"), full_page=True)

    page.locator(".series-list a", has_text="GLOBAL&TREND").click()
    page.wait_for_url("**/global-trend/")
    assert page.locator("h1").inner_text() == "GLOBAL&TREND"
    load_lazy_images(page)
    page.screenshot(path=str(screenshots / "series.png"), full_page=True)

    page.locator("article.card h3 a").first.click()
    page.wait_for_url("**/global-trend/*/")
    assert "掲載" in page.locator(".dateline").inner_text()
    heading = page.locator("section.back-numbers h2")
    assert heading.inner_text() == "GLOBAL&TRENDバックナンバー"
    assert page.locator("section.back-numbers li").count() >= 1
    hero = page.locator("figure.hero img")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(screenshots / "column.png"), full_page=True)

    # Keyboard users land on the skip link first and it is visible when focused.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    tag = page.locator(".column-tags a[rel=tag]").first
    tag_name = tag.inner_text()
    tag.click()
    page.wait_for_url("**/tags/**")
    assert tag_name in page.locator("h1").inner_text()
    assert page.locator("article.card").count() >= 1
    load_lazy_images(page)
    page.screenshot(path=str(screenshots / "tag.png"), full_page=True)

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    mobile = phone.new_page()
    mobile.goto(page.url)
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the page scrolls sideways on a phone"
    load_lazy_images(mobile)
    mobile.screenshot(path=str(screenshots / "tag-phone.png"), full_page=True)

    assert errors == []
    assert failed == []
    assert page.evaluate("document.querySelector('link[rel=icon]').href").endswith(".svg")
    context.close()
    phone.close()
