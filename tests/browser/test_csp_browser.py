"""Chromium under the real security headers: nothing a reader or an editor uses is blocked."""

import datetime

import pytest
from django.urls import reverse

from tests.test_promos import create_promo


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_csp_violation_for_readers_and_in_the_admin_preview(
    browser, live_server, django_user_model, term_site
):
    """Chromium under the real headers: popover, suggestions and promo work, nothing blocked."""
    from columns.models import ColumnPage

    _term, series = term_site
    column = series.add_child(
        instance=ColumnPage(
            title="拡大抑止の話",
            publication_date=datetime.date(2024, 8, 9),
            lead="リード",
            body=[("paragraph", "<p>日米は拡大抑止について協議しました。</p>")],
        )
    )
    column.save_revision().publish()
    create_promo()
    django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    # Runs through the DevTools protocol, outside the page's CSP.
    context.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
        "e.violatedDirective + ' ' + e.blockedURI));"
    )
    page = context.new_page()
    page.goto(live_server.url + column.url)
    assert page.locator('script[type="application/ld+json"]').count() >= 1
    link = page.locator(".column-body a.glossary-term")
    link.hover()
    page.locator("#" + link.get_attribute("aria-describedby")).wait_for(state="visible")
    assert page.locator(".line-promo svg").count() == 1
    page.fill("#site-search-q", "拡大")
    page.locator('[role="option"]').first.wait_for(state="visible")
    assert page.evaluate("window.__violations") == []

    # The admin's preview panel frames the page under the admin policy.
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "pw")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto(live_server.url + reverse("wagtailadmin_pages:edit", args=[column.pk]))
    page.locator('[data-side-panel-toggle="preview"]').first.click()
    # Wagtail loads the preview in a second iframe and swaps it in when it has loaded.
    page.wait_for_function(
        "() => [...document.querySelectorAll('iframe')].some(f => f.src.includes('/preview/')"
        " && f.contentDocument && f.contentDocument.querySelector('h1'))",
        timeout=20000,
    )
    frames = [f for f in page.frames if "/edit/preview/" in f.url]
    assert [f.locator("h1").first.inner_text() for f in frames][-1] == "拡大抑止の話"
    assert page.evaluate("window.__violations") == []
    context.close()
