"""Security headers on public pages and the admin, strict CSP for readers, secure cookies."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import reverse

from tests.test_admin_editing import column_form
from tests.test_production import production_env, run_python
from tests.test_promos import create_promo
from tests.test_promos_admin import promo_form, snippet_url

# Script types a browser never executes: data blocks, which script-src does not govern.
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}


def policy(response, header="Content-Security-Policy"):
    """The CSP header as {directive: [sources]}."""
    directives = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.fixture
def public_urls(home, series, make_column):
    column = make_column(
        title="拡大抑止と日米同盟",
        date=datetime.date(2024, 8, 9),
        tags=["安全保障"],
        body=[("paragraph", "<p>日米は拡大抑止について協議しました。</p>")],
    )
    create_promo()
    return {
        "home": home.url,
        "series": series.url,
        "column": column.url,
        "tag": "/tags/安全保障/",
        "search": "/search/?q=日米",
        "suggest": "/search/suggest/?q=日米",
        "feed": series.url + "feed/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "not found": "/no-such-page/",
        "healthz": "/healthz",
    }


def test_every_public_response_carries_the_security_headers(client, public_urls):
    for name, url in public_urls.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", name
        assert response["X-Frame-Options"] == "DENY", name
        csp = policy(response)
        assert csp["frame-ancestors"] == ["'none'"], name
        assert csp["default-src"] == ["'self'"], name
        assert csp["object-src"] == ["'none'"], name
        assert csp["base-uri"] == ["'self'"], name
        assert csp["form-action"] == ["'self'"], name
        # Scripts only from this site: no inline code, no eval, no other host.
        assert csp["script-src"] == ["'self'"], name
        assert set(csp["img-src"]) == {"'self'", "data:"}, name


def test_public_pages_need_no_inline_script(client, public_urls):
    """What the CSP forbids is not there: the pages work under it."""
    for name in ("home", "series", "column", "tag", "search", "not found"):
        response = client.get(public_urls[name])
        soup = BeautifulSoup(response.content, "html.parser")
        scripts = soup.find_all("script")
        assert scripts, name
        for script in scripts:
            if script.get("src"):
                assert script["src"].startswith("/static/"), (name, script)
                assert not script.get_text(strip=True), (name, script)
            else:
                assert script.get("type") in DATA_BLOCK_TYPES, (name, script)
        for element in soup.find_all(True):
            handlers = [attr for attr in element.attrs if attr.lower().startswith("on")]
            assert not handlers, (name, element.name, handlers)
            for attr in ("href", "src", "action", "formaction"):
                value = element.get(attr) or ""
                assert not value.strip().lower().startswith("javascript:"), (name, element)


def test_the_column_page_s_json_ld_is_a_data_block_and_no_nonce_is_sent(client, public_urls):
    response = client.get(public_urls["column"])
    soup = BeautifulSoup(response.content, "html.parser")
    blocks = soup.find_all("script", type="application/ld+json")
    assert blocks
    for block in blocks:
        json.loads(block.get_text())
    # No template asked for a nonce, so the header is the same for every reader: a cached
    # copy of the page and its headers stays valid.
    assert "nonce-" not in response["Content-Security-Policy"]
    assert (
        response["Content-Security-Policy"]
        == client.get(public_urls["column"])["Content-Security-Policy"]
    )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


def test_the_admin_has_its_own_policy_and_may_frame_its_previews(admin_client, make_column):
    column = make_column(title="公開済みの題")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[column.pk]))
    assert response.status_code == 200
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"

    url = reverse("wagtailadmin_pages:preview_on_edit", args=[column.pk])
    form = column_form(title="プレビューの回", slug=column.slug)
    assert admin_client.post(url, form).json()["is_valid"]
    preview = admin_client.get(url, {"in_preview_panel": "true"})
    assert preview.status_code == 200
    assert "プレビューの回" in preview.content.decode()
    # The preview is the public template on the page's path, framed by the admin.
    assert policy(preview)["frame-ancestors"] == ["'self'"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    # Readers still get the published version under the public policy.
    public = admin_client.get(column.url)
    assert "プレビューの回" not in public.content.decode()
    assert policy(public)["frame-ancestors"] == ["'none'"]


def test_the_promo_preview_may_be_framed_by_the_admin(admin_client):
    url = snippet_url("preview_on_add")
    assert admin_client.post(url, promo_form(heading="プレビュー")).json()["is_valid"]
    preview = admin_client.get(url, {"mode": "desktop"})
    assert preview.status_code == 200
    assert "プレビュー" in preview.content.decode()
    assert policy(preview)["frame-ancestors"] == ["'self'"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_session_and_csrf_cookies_are_httponly(client, django_user_model):
    django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    login = client.get("/admin/login/")
    assert client.cookies["csrftoken"]["httponly"]
    # The admin takes its token from the page, so signing in still works.
    token = BeautifulSoup(login.content, "html.parser").find(
        "input", attrs={"name": "csrfmiddlewaretoken"}
    )["value"]
    client_with_checks = client
    client_with_checks.handler.enforce_csrf_checks = True
    response = client_with_checks.post(
        "/admin/login/",
        {"username": "chief", "password": "pw", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert client.cookies["sessionid"]["httponly"]
    assert client.get("/admin/").status_code == 200


PRODUCTION_SETTINGS = (
    "import django, json\n"
    "django.setup()\n"
    "from django.conf import settings\n"
    "names = ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE',"
    " 'CSRF_COOKIE_HTTPONLY', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS',"
    " 'SECURE_HSTS_PRELOAD',"
    " 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'SECURE_REDIRECT_EXEMPT']\n"
    "print(json.dumps({name: getattr(settings, name) for name in names}))"
)


@pytest.fixture(scope="module")
def production_security(tmp_path_factory):
    env = production_env(tmp_path_factory.mktemp("production"))
    result = run_python(env, PRODUCTION_SETTINGS)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    found["SECURE_PROXY_SSL_HEADER"] = tuple(found["SECURE_PROXY_SSL_HEADER"])
    return found


def test_production_cookies_are_secure_and_httponly(client, django_user_model, production_security):
    """A sign-in under the production settings' own values, as the browser receives it."""
    django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    https = {"HTTP_X_FORWARDED_PROTO": "https"}
    with override_settings(**production_security):
        client.get("/admin/login/", **https)
        response = client.post("/admin/login/", {"username": "chief", "password": "pw"}, **https)
        assert response.status_code == 302
        for name in ("sessionid", "csrftoken"):
            assert client.cookies[name]["secure"], name
            assert client.cookies[name]["httponly"], name
        page = client.get("/robots.txt", **https)
        assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        # Plain HTTP is sent to HTTPS, except the load balancer's health check.
        plain = client.get("/robots.txt")
        assert plain.status_code == 301
        assert plain["Location"] == "https://testserver/robots.txt"
        assert client.get("/healthz").status_code == 200
