"""A site whose every editor- and promo-staff-filled field holds XSS payloads.

Built through the models, as code (an import, the shell, a data migration, a
restored database) would write it: no admin form cleans anything, and model
validation is skipped where it would refuse a payload (readings, hero alt
text), so rendering alone must keep the pages inert.

Payloads are packed into fields up to each field's length limit (one payload
per value, or several side by side), so a handful of pages carries the whole
corpus; a payload longer than a short field (a 30-character button label) is cut
to fit.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.test import override_settings
from django.utils.html import escape
from wagtail.images.models import Image
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail.signal_handlers import disable_reference_index_auto_update

from columns import promos
from columns.models import ColumnPage, ColumnSeriesIndexPage, ColumnTag, HomePage
from columns.promos import LinePromo, LinePromoColumn
from glossary import linking
from glossary.models import GlossaryAlias, GlossaryIndexPage, GlossaryTermPage
from tests.conftest import make_image_file

from .checks import PAYLOADS, tagged

# Sentinel code -> the field it marks, for failure messages.
FIELDS = {
    "ti": "column title",
    "le": "column lead",
    "ha": "column hero alt text",
    "hc": "column hero caption",
    "it": "image title (hero alt fallback)",
    "id": "image description",
    "cs": "column SEO title",
    "cd": "column search description",
    "tg": "tag name",
    "pr": "paragraph rich text, raw HTML",
    "pt": "paragraph rich text, escaped text",
    "pl": "paragraph link URL",
    "hd": "heading block",
    "qt": "quote block text",
    "qa": "quote block attribution",
    "ic": "image block caption",
    "ia": "image block alt text",
    "em": "embed block URL",
    "se": "series title",
    "ss": "series SEO title",
    "sd": "series search description",
    "si": "series intro rich text",
    "hi": "home intro rich text",
    "gi": "glossary intro rich text",
    "ht": "home title",
    "gt": "glossary title",
    "te": "glossary term",
    "al": "glossary term other form",
    "re": "glossary term reading",
    "de": "glossary short definition",
    "tb": "glossary explanation rich text",
    "ph": "promo heading",
    "pb": "promo body",
    "bl": "promo button label",
    "pa": "promo image alt text",
    "li": "promo LINE ID",
}


def each(code, indices, limit=None):
    """One value per payload."""
    return [tagged(code, i, PAYLOADS[i])[:limit] for i in indices]


def packed(code, indices, limit):
    """Values of at most ``limit`` characters, each holding as many payloads as fit."""
    values, current = [], ""
    for value in each(code, indices, limit):
        if current and len(current) + len(value) > limit:
            values.append(current)
            current = ""
        current += value
    return [*values, current] if current else values


def spread(items, count):
    """``items`` dealt round-robin into ``count`` lists."""
    return [items[k::count] for k in range(count)]


def pick(values, k, default):
    return values[k] if k < len(values) else default


@dataclass
class CorpusSite:
    home: HomePage
    glossary: GlossaryIndexPage
    series: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    promos: list = field(default_factory=list)
    # Fields of one object, or too short to hold the corpus on the pages built,
    # take turns: a test writes each round and renders the pages showing it.
    rotating_titles: list = field(default_factory=list)  # [(home title, glossary title)]
    reading_rounds: list = field(default_factory=list)  # [[reading of each term]]
    # [{image title, image description, column seo_title, column search_description}]
    fallback_rounds: list = field(default_factory=list)
    fallback_column: ColumnPage | None = None  # hero image without alt text


def _body(indices, image, forms):
    # First, plain text that glossary terms match, so the linker puts links and popovers
    # in (stored mentions are counted on the raw source, where a payload left open can
    # hide what follows).
    blocks = [("paragraph", f"<p>本文では{escape(form)}に触れる。</p>") for form in forms]
    for i in indices:
        payload = PAYLOADS[i]
        blocks += [
            ("paragraph", tagged("pr", i, payload)),
            ("paragraph", f"<p>{escape(tagged('pt', i, payload))}</p>"),
            ("paragraph", f'<p>[{i:03d}pl]<a href="{escape(payload)}">リンク</a></p>'),
            ("heading", {"text": tagged("hd", i, payload), "level": "h3" if i % 2 else "h2"}),
            ("quote", {"text": tagged("qt", i, payload), "attribution": tagged("qa", i, payload)}),
            (
                "image",
                {
                    "image": image,
                    "alt": tagged("ia", i, payload),
                    "caption": tagged("ic", i, payload),
                    "source_name": "",
                },
            ),
            # An embed URL as it is (a sentinel in front would hide the scheme).
            ("paragraph", f"<p>[{i:03d}em]</p>"),
            ("embed", payload),
        ]
    return blocks or [("paragraph", "<p>本文。</p>")]


def _rich(code, indices):
    """Raw payloads as a rich text value, each in its own paragraph, then as escaped text."""
    raw = "".join(f"<p>{tagged(code, i, PAYLOADS[i])}</p>" for i in indices)
    text = "".join(f"<p>{escape(tagged(code, i, PAYLOADS[i]))}</p>" for i in indices)
    return raw + text


def build(indices=None):
    """Create the site for the payloads at ``indices`` (all by default)."""
    # Pages are indexed for search once, at the end, instead of at every save.
    backends = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends), disable_reference_index_auto_update():
        site = _build(list(range(len(PAYLOADS))) if indices is None else list(indices))
    for page in [*site.columns, *site.terms]:
        index.insert_or_update_object(page)
    return site


def _build(indices):
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home_titles = packed("ht", indices, 255)
    glossary_titles = packed("gt", indices, 255)
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title=home_titles[0], slug="home", intro=_rich("hi", indices))
    )
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="GT"
    )
    glossary = home.add_child(
        instance=GlossaryIndexPage(
            title=glossary_titles[0], slug="glossary", intro=_rich("gi", indices)
        )
    )
    site = CorpusSite(home=home, glossary=glossary)
    site.rotating_titles = [
        (pick(home_titles, k, "コラム"), pick(glossary_titles, k, "用語集"))
        for k in range(max(len(home_titles), len(glossary_titles)))
    ]

    shared_image = Image.objects.create(title="共有画像", file=make_image_file(size=(96, 54)))

    # -- glossary terms, first: column bodies quote their forms
    titles, definitions = packed("te", indices, 255), packed("de", indices, 200)
    term_count = max(len(titles), len(definitions))
    readings = packed("re", indices, 100)
    site.reading_rounds = [
        [pick(readings, r + k, "よみ") for k in range(term_count)]
        for r in range(0, len(readings), term_count)
    ]
    aliases = spread(each("al", indices, 100), term_count)
    bodies = spread(indices, term_count)
    for k in range(term_count):
        term = GlossaryTermPage(
            title=pick(titles, k, f"用語{k}"),
            slug=f"term-{k}",
            reading="よみ",
            definition=pick(definitions, k, "説明。"),
            body=_rich("tb", bodies[k]),
            live=True,
        )
        for form in aliases[k]:
            term.other_forms.add(GlossaryAlias(form=form))
        glossary.add_child(instance=term)
        # Model validation wants hiragana; a reading written behind it must still be inert.
        term.reading = site.reading_rounds[0][k]
        GlossaryTermPage.objects.filter(pk=term.pk).update(reading=term.reading)
        site.terms.append(term)

    # -- series
    titles, seo_titles = packed("se", indices, 255), packed("ss", indices, 255)
    descriptions = packed("sd", indices, 300)
    series_count = max(len(titles), len(seo_titles), len(descriptions))
    intros = spread(indices, series_count)
    for k in range(series_count):
        site.series.append(
            home.add_child(
                instance=ColumnSeriesIndexPage(
                    title=pick(titles, k, f"シリーズ{k}"),
                    seo_title=pick(seo_titles, k, ""),
                    search_description=pick(descriptions, k, ""),
                    slug=f"series-{k}",
                    intro=_rich("si", intros[k]),
                )
            )
        )

    # -- columns
    titles, leads = packed("ti", indices, 255), packed("le", indices, 300)
    alts, captions = packed("ha", indices, 200), packed("hc", indices, 300)
    column_count = max(len(titles), len(leads), len(captions), len(alts))
    bodies = spread(indices, column_count)
    tag_names = spread(packed("tg", indices, 100), column_count)
    term_forms = spread([term.forms()[0] for term in site.terms], column_count)
    start = datetime.date(2020, 1, 1)
    for k in range(column_count):
        column = ColumnPage(
            title=pick(titles, k, f"コラム{k}"),
            publication_date=start + datetime.timedelta(days=k),
            lead=pick(leads, k, "リード。"),
            hero_image=shared_image,
            hero_alt=pick(alts, k, "代替テキスト"),
            hero_caption=pick(captions, k, ""),
            body=_body(bodies[k], shared_image, term_forms[k]),
            live=True,
        )
        column.tags.add(*tag_names[k])
        site.series[k % series_count].add_child(instance=column)
        site.columns.append(column)
    site.tags = list(ColumnTag.objects.order_by("pk"))

    # Without alt text the hero shows its image's title; the image takes each title in
    # turn, and the column each SEO title and search description.
    rounds = {
        "title": packed("it", indices, 255),
        "description": packed("id", indices, 255),
        "seo_title": packed("cs", indices, 255),
        "search_description": packed("cd", indices, 300),
    }
    site.fallback_rounds = [
        {name: pick(values, r, "") for name, values in rounds.items()}
        for r in range(max(len(values) for values in rounds.values()))
    ]
    fallback_image = Image.objects.create(
        title=site.fallback_rounds[0]["title"], file=make_image_file(size=(96, 54))
    )
    site.fallback_column = ColumnPage(
        title="代替テキストのない画像",
        publication_date=start - datetime.timedelta(days=1),
        lead="リード。",
        hero_image=fallback_image,
        hero_alt="仮",  # model validation wants one; removed below, as code could
        live=True,
    )
    site.series[0].add_child(instance=site.fallback_column)
    ColumnPage.objects.filter(pk=site.fallback_column.pk).update(hero_alt="")
    site.fallback_column.hero_alt = ""

    # -- LINE promos: the first ones end columns, all of them render as blocks
    fields = {
        "heading": packed("ph", indices, 80),
        "body": packed("pb", indices, 400),
        "button_label": packed("bl", indices, 30),
        "image_alt": packed("pa", indices, 200),
        "line_id": packed("li", indices, 41),
        # URLs as they are: a sentinel in front would hide the scheme.
        "url": [PAYLOADS[i][:200] for i in indices],
    }
    promo_count = max(len(values) for values in fields.values())
    site.promos = LinePromo.objects.bulk_create(
        LinePromo(
            name=f"promo {k}",
            heading=pick(fields["heading"], k, "LINEで更新をお届け"),
            body=pick(fields["body"], k, ""),
            button_label=pick(fields["button_label"], k, "友だち追加"),
            image=shared_image,
            image_alt=pick(fields["image_alt"], k, ""),
            line_id=pick(fields["line_id"], k, "@example"),
            url=pick(fields["url"], k, "https://lin.ee/example"),
            placement="columns",
            live=True,
        )
        for k in range(promo_count)
    )
    LinePromoColumn.objects.bulk_create(
        LinePromoColumn(promo=promo, column=column, sort_order=0)
        for promo, column in zip(site.promos, site.columns, strict=False)
    )
    promos.bump_version()
    linking.rebuild_all()
    return site
