"""Build the demo site: home page, the GLOBAL&TREND series, its columns and an admin user.

The columns go through :func:`columns.importer.import_file`, like any file
exported from the old site, with placeholder images generated for the image
file names they mention.

The demo is loaded once: when the series of the manifest already exists, the
loader changes nothing. Everything else (home page, site, series, columns,
LINE promos, admin user) is written in one transaction, so a failed load leaves
no half demo behind that would then pass for a loaded one.
"""

from __future__ import annotations

import colorsys
import datetime
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageChops, ImageDraw, ImageFont
from wagtail.models import Page, Site

from columns import legacy
from columns.importer import import_file
from columns.models import ColumnPage, ColumnSeriesIndexPage, ColumnTag, HomePage
from columns.promos import LinePromo, Placement

DEMO_DIR = Path(__file__).resolve().parent
COLUMNS_DIR = DEMO_DIR / "columns"
MANIFEST_PATH = DEMO_DIR / "manifest.json"

# Where `make run` serves: canonical links, feeds and shares then name the address
# the newcomer is using.
SITE_HOSTNAME = "127.0.0.1"
SITE_PORT = 8000
ADMIN_URL = f"http://{SITE_HOSTNAME}:{SITE_PORT}/admin/"

# Development only: override with DEMO_ADMIN_USER / DEMO_ADMIN_PASSWORD.
DEFAULT_ADMIN_USER = "admin"
DEFAULT_ADMIN_PASSWORD = "admin"  # noqa: S105

IMAGE_SIZE = (1600, 900)
FONT_CANDIDATES = (
    "DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "LiberationSans-Bold.ttf",
    "Arial Bold.ttf",
    "Arial.ttf",
)


@dataclass
class DemoResult:
    already_loaded: bool = False
    series: ColumnSeriesIndexPage | None = None
    home: HomePage | None = None
    columns: list[ColumnPage] = field(default_factory=list)
    promos: list[LinePromo] = field(default_factory=list)
    username: str = ""
    password: str | None = None  # None: the user existed and was left alone
    default_password: bool = False


def load_manifest(path=MANIFEST_PATH):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def demo_files(directory=COLUMNS_DIR):
    """The demo columns, oldest first (file names start with a sortable number)."""
    return sorted(Path(directory).glob("*.txt"))


def admin_credentials():
    """(username, password, whether the password is the documented default)."""
    username = os.environ.get("DEMO_ADMIN_USER") or DEFAULT_ADMIN_USER
    password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEFAULT_ADMIN_PASSWORD
    return username, password, password == DEFAULT_ADMIN_PASSWORD


def existing_series(manifest=None):
    manifest = manifest or load_manifest()
    return ColumnSeriesIndexPage.objects.filter(slug=manifest["series"]["slug"]).first()


def load_demo(*, stdout=None) -> DemoResult:
    """Build the demo site, or do nothing when its series exists already."""
    manifest = load_manifest()
    series = existing_series(manifest)
    if series is not None:
        return DemoResult(already_loaded=True, series=series)

    files = demo_files()
    with tempfile.TemporaryDirectory(prefix="columns-demo-images-") as tmp:
        images_dir = Path(tmp)
        write_placeholder_images(files, images_dir)
        with transaction.atomic():
            home = ensure_home(manifest["home"])
            ensure_default_site(home, manifest["home"].get("site_name") or home.title)
            # Terms first, so each column's mentions are stored as it is published.
            create_glossary(home, manifest["glossary"])
            series = create_series(home, manifest["series"])
            columns = []
            for path in files:
                entry = manifest["columns"].get(path.name, {})
                result = import_file(
                    path,
                    series_slug=series.slug,
                    images_dir=images_dir,
                    tags=entry.get("tags", ()),
                    stdout=stdout,
                )
                columns.append(result.page)
            promos = create_demo_promos()
            username, password, is_default = admin_credentials()
            created = ensure_admin(username, password)
    return DemoResult(
        series=series,
        home=home,
        columns=columns,
        promos=promos,
        username=username,
        password=password if created else None,
        default_password=is_default,
    )


# -- pages and site -----------------------------------------------------------


def ensure_home(data):
    """The existing home page, or a new one replacing Wagtail's welcome page."""
    home = HomePage.objects.order_by("path").first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's first migration leaves a plain welcome page (and a site on it).
    plain_page = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=plain_page, numchild=0):
        page.delete()
    slug = "home"
    if not Page._slug_is_available(slug, root):
        slug = "columns-home"
    home = HomePage(title=data["title"], slug=slug, intro=data.get("intro", ""))
    root.add_child(instance=home)
    home.save_revision(log_action=True).publish()
    return home


def ensure_default_site(home, site_name):
    """Serve the home page on 127.0.0.1:8000; as the default site it answers any host."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.filter(hostname=SITE_HOSTNAME, port=SITE_PORT).first() or Site(
            hostname=SITE_HOSTNAME, port=SITE_PORT
        )
    site.root_page = home
    site.is_default_site = True
    site.site_name = site.site_name or site_name
    site.save()
    return site


def create_series(home, data):
    series = ColumnSeriesIndexPage(
        title=data["title"], slug=data["slug"], intro=data.get("intro", "")
    )
    home.add_child(instance=series)
    series.save_revision(log_action=True).publish()
    return series


def create_glossary(home, data):
    """The glossary page with the demo terms, imported like any term CSV."""
    from glossary.csv_io import import_terms
    from glossary.models import GlossaryIndexPage

    index = GlossaryIndexPage(title=data["title"], slug=data["slug"], intro=data.get("intro", ""))
    home.add_child(instance=index)
    index.save_revision().publish()
    text = (Path(__file__).resolve().parents[2] / data["terms"]).read_bytes()
    report = import_terms(text, index_page=index)
    if report.errors:
        raise ValueError("; ".join(str(error) for error in report.errors))
    return index


def ensure_admin(username, password):
    """Create the superuser unless a user of that name exists; True when created."""
    User = get_user_model()
    if User._default_manager.filter(**{User.USERNAME_FIELD: username}).exists():
        return False
    User._default_manager.create_superuser(
        **{User.USERNAME_FIELD: username, "email": "", "password": password}
    )
    return True


# -- LINE promos --------------------------------------------------------------------


# A made-up account: the demo must not send readers to someone's real LINE account.
DEMO_LINE_ID = "@globaltrend-demo"
DEMO_LINE_URL = "https://line.me/R/ti/p/%40globaltrend-demo"
# The scheduled promo's tag, one that several demo columns carry.
DEMO_PROMO_TAG = "安全保障"
DEMO_PROMO_STARTS_IN = datetime.timedelta(days=7)
DEMO_PROMO_RUNS_FOR = datetime.timedelta(days=30)


def create_demo_promos(now=None):
    """A live promo for every column, and one for a tag scheduled to go live in a week."""
    now = now or timezone.now()
    everyone = _promo(
        name="全コラム共通：LINE登録のお願い",
        heading="GLOBAL&TRENDの新着をLINEでお届けします",
        body="新しいコラムが公開されたら、LINEでいち早くお知らせします。",
        placement=Placement.ALL,
    )
    go_live_at = now + DEMO_PROMO_STARTS_IN
    scheduled = _promo(
        name=f"{DEMO_PROMO_TAG}タグ：特集の告知（予約）",
        heading=f"{DEMO_PROMO_TAG}の解説をLINEで受け取る",
        body="防衛や同盟のニュースを読み解くコラムの更新を、LINEでお知らせします。",
        placement=Placement.TAG,
        tag=ColumnTag.objects.get(name=DEMO_PROMO_TAG),
        priority=10,
        go_live_at=go_live_at,
        expire_at=go_live_at + DEMO_PROMO_RUNS_FOR,
    )
    return [everyone, scheduled]


def _promo(**fields):
    """Publish a promo; with go_live_at ahead that schedules it for publish_scheduled."""
    promo = LinePromo(
        live=False, button_label="友だち追加", line_id=DEMO_LINE_ID, url=DEMO_LINE_URL, **fields
    )
    promo.full_clean()
    promo.save()
    promo.save_revision(log_action=True).publish()
    promo.refresh_from_db()
    return promo


# -- placeholder images -------------------------------------------------------


def write_placeholder_images(files, directory):
    """One JPEG per image line of the files, named as the line; returns the paths."""
    written = []
    files = list(files)
    for index, path in enumerate(files):
        column = legacy.parse(legacy.read(path), source=str(path))
        for block in column.images:
            target = Path(directory) / block.text
            if target.exists():
                continue
            image = placeholder_image(column.publication_date, index, len(files))
            image.save(target, "JPEG", quality=85)
            written.append(target)
    return written


def placeholder_image(date, index, total, size=IMAGE_SIZE):
    """A diagonal two-colour gradient, its hue set by `index`, with the date on it."""
    hue = (0.58 + index / max(total, 1)) % 1.0
    light = _rgb(hue, 0.45, 0.85)
    dark = _rgb((hue + 0.08) % 1.0, 0.75, 0.35)
    gradient = Image.linear_gradient("L")  # 256×256, black at the top
    vertical = gradient.resize(size)
    horizontal = gradient.transpose(Image.Transpose.ROTATE_90).resize(size)
    mask = ImageChops.add(vertical, horizontal, scale=2.0)
    image = Image.composite(Image.new("RGB", size, dark), Image.new("RGB", size, light), mask)
    _draw_text(image, "GLOBAL&TREND", date.strftime("%Y.%m.%d"))
    return image


def _rgb(hue, saturation, value):
    return tuple(round(c * 255) for c in colorsys.hsv_to_rgb(hue, saturation, value))


def _draw_text(image, series, date_text):
    """Draw the series and date; a missing font never stops the demo."""
    try:
        draw = ImageDraw.Draw(image)
        width, height = image.size
        left = width // 16
        draw.text((left, height // 2), series, font=_font(64), fill=(255, 255, 255))
        draw.text((left, height // 2 + 90), date_text, font=_font(150), fill=(255, 255, 255))
    except (OSError, ValueError):
        pass


def _font(size):
    for name in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size=size)
    except (OSError, ImportError, TypeError):
        return ImageFont.load_default()
