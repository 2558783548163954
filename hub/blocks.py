"""StreamField blocks shared by the hub's pages. Later capabilities add their own blocks
(latest questions, editorial picks, top contributors) next to these."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


def validate_link(value: str) -> None:
    """Accept an absolute http(s) address or a path on this site, nothing else
    (no javascript:, no protocol-relative //host)."""
    if not value:
        return
    if value.startswith("/") and not value.startswith("//"):
        if any(ch.isspace() or ord(ch) < 32 for ch in value):
            raise ValidationError(_("A path cannot contain spaces or control characters."))
        return
    URLValidator(schemes=["http", "https"])(value)


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label=_("Label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        validators=[validate_link],
        label=_("Or an address"),
        help_text=_("A full address (https://…) or a path on this site (/accounts/signup/)."),
    )

    class Meta:
        icon = "link"
        label = _("Link")


class HeroBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    intro = blocks.TextBlock(required=False, max_length=400, label=_("Introduction"))
    image = ImageChooserBlock(required=False, label=_("Image"))
    actions = blocks.ListBlock(LinkBlock(), max_num=2, default=[], label=_("Buttons"))

    class Meta:
        icon = "title"
        label = _("Hero")
        template = "blocks/hero_block.html"


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80, label=_("Title"))
    text = blocks.TextBlock(required=False, max_length=300, label=_("Text"))
    link = LinkBlock(required=False)


class CardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False, label=_("Heading"))
    cards = blocks.ListBlock(CardBlock(), min_num=1, max_num=6, label=_("Cards"))

    class Meta:
        icon = "table"
        label = _("Cards")
        template = "blocks/cards_block.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, label=_("Heading"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))
    link = LinkBlock(required=False)

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "blocks/callout_block.html"


class SectionBlocks(blocks.StreamBlock):
    hero = HeroBlock()
    text = blocks.RichTextBlock(
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        label=_("Text"),
        template="blocks/text_block.html",
    )
    cards = CardsBlock()
    callout = CalloutBlock()
