"""The blocks an expert writes an article with."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from hub.blocks import CalloutBlock, validate_link


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        max_length=200,
        required=False,
        label=_("Text alternative"),
        help_text=_("What the image shows, for people who cannot see it. Empty if decorative."),
    )
    caption = blocks.CharBlock(max_length=300, required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=3000, label=_("Quote"))
    attribution = blocks.CharBlock(max_length=120, required=False, label=_("Who said it"))
    link = blocks.CharBlock(
        max_length=500, required=False, validators=[validate_link], label=_("Source address")
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class ArticleBlocks(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "code"],
        label=_("Text"),
        template="blocks/text_block.html",
    )
    figure = FigureBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
