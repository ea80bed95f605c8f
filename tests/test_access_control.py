"""Drafts, previews, revisions and the admin stay behind the login; uploads are checked."""

import io
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.test_admin_editing import column_form
from tests.test_promos import create_promo

SECRET = "未発表の極秘案"


@pytest.fixture
def column_with_draft(make_column):
    """A live column whose newest revision is an unpublished draft with SECRET in it."""
    column = make_column(title="公開中の回", body=[("paragraph", "<p>公開済みの本文。</p>")])
    column.title = SECRET
    column.body = [("paragraph", f"<p>{SECRET}の本文。</p>")]
    draft = column.save_revision()
    column.refresh_from_db()
    return column, draft


def assert_login_redirect(response, url):
    assert response.status_code == 302, (url, response.status_code)
    assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={quote(url)}", url
    assert SECRET not in response.content.decode()


def test_anonymous_readers_get_the_live_version_never_the_draft(client, column_with_draft):
    column, _ = column_with_draft
    live_hit = BeautifulSoup(client.get("/search/", {"q": "公開済み"}).content, "html.parser")
    assert [a["href"] for a in live_hit.select(".search-result a")] == [column.url]
    html = client.get(column.url).content.decode()
    assert "公開中の回" in html
    assert SECRET not in html
    for url in ("/", column.get_parent().url, "/sitemap.xml", column.get_parent().url + "feed/"):
        assert SECRET not in client.get(url).content.decode(), url
    # The draft's words find nothing (the results page repeats the query, so look at hits).
    search = BeautifulSoup(client.get("/search/", {"q": "極秘案"}).content, "html.parser")
    assert search.select(".search-result") == []
    assert client.get("/search/suggest/", {"q": "未発表"}).json() == {"results": []}


def test_never_published_and_unpublished_columns_are_404(client, make_column):
    draft = make_column(title=SECRET, live=False)
    withdrawn = make_column(title="取り下げた回")
    withdrawn.unpublish()
    for column in (draft, withdrawn):
        response = client.get(column.url)
        assert response.status_code == 404
        assert column.title not in response.content.decode()


def test_previews_revisions_and_the_admin_redirect_anonymous_visitors_to_login(
    client, column_with_draft, series
):
    column, draft = column_with_draft
    page = column.pk
    urls = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[series.pk]),
        reverse("wagtailadmin_pages:edit", args=[page]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[page]),
        reverse("wagtailadmin_pages:view_draft", args=[page]),
        reverse("wagtailadmin_pages:history", args=[page]),
        reverse("wagtailadmin_pages:revisions_index", args=[page]),
        reverse("wagtailadmin_pages:revisions_view", args=[page, draft.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page, "live", draft.pk]),
        reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["columns", "columnpage", series.pk],
        ),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add"),
        reverse("wagtailsnippets_columns_linepromo:list"),
    ]
    for url in urls:
        assert_login_redirect(client.get(url), url)
    # Posting form data for a preview changes nothing and shows nothing either.
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page])
    assert_login_redirect(client.post(preview, column_form(title=SECRET)), preview)


def test_promo_previews_and_drafts_are_not_public(client, make_column):
    column = make_column()
    promo = create_promo(heading=SECRET, live=False)
    url = reverse("wagtailsnippets_columns_linepromo:preview_on_edit", args=[promo.pk])
    assert_login_redirect(client.get(url), url)
    assert SECRET not in client.get(column.url).content.decode()


def test_signed_in_readers_without_admin_access_see_no_drafts(
    client, django_user_model, column_with_draft
):
    column, draft = column_with_draft
    reader = django_user_model.objects.create_user("reader", "reader@example.com", "pw")
    client.force_login(reader)
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:view_draft", args=[column.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[column.pk, draft.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("wagtailadmin_login")), url
        assert SECRET not in response.content.decode()
    assert SECRET not in client.get(column.url).content.decode()


def test_the_promo_redirect_ignores_the_host_header(client, make_column):
    # A forged Host must not turn the LINE redirect into a redirect to that host.
    make_column()
    promo = create_promo(url="https://lin.ee/AbC123")
    response = client.get(f"/promo/{promo.pk}/go/", HTTP_HOST="evil.example")
    assert response.status_code == 302
    assert response["Location"] == "https://lin.ee/AbC123"


# Uploads through the admin, as an editor makes them.


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(user)
    return client


def jpeg(name="photo.jpg", size=(64, 48), noise=False):
    buffer = io.BytesIO()
    if noise:
        image = PILImage.frombytes("RGB", size, bytes(range(256)) * (size[0] * size[1] * 3 // 256))
    else:
        image = PILImage.new("RGB", size, (30, 90, 160))
    image.save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


# name: (file name, content, declared content type); each test uploads a fresh file.
NOT_IMAGES = {
    "text named .jpg": ("notes.jpg", "これは画像ではありません。".encode(), "image/jpeg"),
    "html named .png": ("page.png", b"<html><script>alert(1)</script></html>", "image/png"),
    "svg with script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "image/svg+xml",
    ),
    "pdf": ("paper.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"),
}
JAPANESE_REFUSALS = (
    "画像をアップロードしてください",  # not an image at all
    "サポートされていない画像形式です",  # an extension that is not allowed
    "拡張子がファイル形式",  # content of another format than the extension says
)


def add_image(client, upload):
    response = client.post(reverse("wagtailimages:add"), {"title": "upload", "file": upload})
    soup = BeautifulSoup(response.content, "html.parser")
    return response, " ".join(e.get_text(" ", strip=True) for e in soup.select(".error-message"))


def test_a_real_image_is_accepted(editor_client):
    response, errors = add_image(editor_client, jpeg())
    assert response.status_code == 302, errors
    assert Image.objects.filter(title="upload").exists()


@pytest.mark.parametrize("upload", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_non_images_are_refused_with_a_japanese_message(editor_client, upload):
    response, errors = add_image(editor_client, SimpleUploadedFile(*upload))
    assert response.status_code == 200
    assert any(refusal in errors for refusal in JAPANESE_REFUSALS), errors
    assert not Image.objects.exists()


@pytest.mark.parametrize("upload", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
def test_the_multiple_upload_screen_refuses_non_images_too(editor_client, upload):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(*upload)}
    )
    assert response.status_code == 200
    result = response.json()
    assert result["success"] is False
    assert any(refusal in result["error_message"] for refusal in JAPANESE_REFUSALS), result
    assert not Image.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=20 * 1024)
def test_oversized_images_are_refused_with_the_limit_in_japanese(editor_client):
    big = jpeg("big.jpg", size=(400, 400), noise=True)
    assert big.size > 20 * 1024
    response, errors = add_image(editor_client, big)
    assert response.status_code == 200
    assert "このファイルは大きすぎます" in errors
    assert "20.0\xa0KB" in errors  # the limit, as filesizeformat writes it
    multiple = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": jpeg("big.jpg", size=(400, 400), noise=True)},
    ).json()
    assert multiple["success"] is False
    assert "このファイルは大きすぎます" in multiple["error_message"]
    assert not Image.objects.exists()
    # Under the limit, the same screen takes it.
    response, errors = add_image(editor_client, jpeg("small.jpg"))
    assert response.status_code == 302, errors


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=100 * 100)
def test_images_with_too_many_pixels_are_refused(editor_client):
    # A small file can still decode to a huge bitmap; the pixel limit stops it.
    response, errors = add_image(editor_client, jpeg("wide.jpg", size=(200, 100)))
    assert response.status_code == 200
    assert "ピクセル" in errors, errors
    assert not Image.objects.exists()
