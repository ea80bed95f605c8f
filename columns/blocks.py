"""StreamField blocks of a column body."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "columns/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"), required=False)
    alt = blocks.CharBlock(
        label=_("Alt text"),
        required=False,
        max_length=200,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    # The importer keeps the legacy file name when the file was missing, so an
    # editor can upload it later; the block renders nothing until then.
    source_name = blocks.CharBlock(
        label=_("Original file name"),
        required=False,
        max_length=255,
        help_text=_("File name on the old site. Shown only here, until an image is chosen."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("image") and not value.get("source_name"):
            raise blocks.StructBlockValidationError(
                block_errors={"image": ErrorList([ValidationError(_("Choose an image."))])}
            )
        if value.get("image") and not value.get("alt"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt": ErrorList([ValidationError(_("Enter alt text for the image."))])
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("Image")
        template = "columns/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "columns/blocks/quote_block.html"


class ColumnBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=PARAGRAPH_FEATURES, icon="pilcrow"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Embed"), help_text=_("URL of a video or post to embed."))
