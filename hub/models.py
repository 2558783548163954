import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import SectionBlocks
from .colours import contrast_ratio
from .identity import initials_of
from .uploads import stored_name


def avatar_path(instance: "Profile", filename: str) -> str:
    return stored_name(f"avatars/{instance.user_id}", filename)


class Profile(models.Model):
    """What a member shows of themselves and how they want to hear from the hub."""

    class EmailFrequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As it happens")
        DIGEST = "digest", _("A daily digest")
        NEVER = "never", _("Never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    bio = models.TextField(_("bio"), max_length=2000, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    email_frequency = models.CharField(
        _("email notifications"),
        max_length=16,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    notify_replies = models.BooleanField(_("replies to my posts"), default=True)
    notify_mentions = models.BooleanField(_("mentions of me"), default=True)
    notify_follows = models.BooleanField(_("activity in what I follow"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set by the moderators: until then the member can read but not post.
    suspended_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.anonymised_at:
            return str(_("Deleted member"))
        return self.display_name or self.user.username

    @property
    def initials(self) -> str:
        return initials_of(self.name)


class HomePage(Page):
    """The hub's front page: sections the community manager arranges in the Wagtail editor."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(SectionBlocks(), blank=True, verbose_name=_("sections"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


class ContentPage(Page):
    """A plain page for help, legal and about texts."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(SectionBlocks(), blank=True, verbose_name=_("sections"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["hub.HomePage", "hub.ContentPage"]

    class Meta:
        verbose_name = _("content page")


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}\Z", _("Enter a colour as #RRGGBB."))


@register_setting(icon="site")
class BrandSettings(BaseSiteSetting):
    """The brand's name, look and support links, edited in Settings > Brand."""

    name = models.CharField(_("brand name"), max_length=80, default="Agora")
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    primary_colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default="#0b5cad",
        validators=[hex_colour],
        help_text=_("Buttons and links. Must keep a 4.5:1 contrast with white text."),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#f2a900", validators=[hex_colour]
    )
    support_url = models.URLField(_("customer support address"), blank=True)
    support_email = models.EmailField(_("customer support email"), blank=True)
    terms_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("terms of use"),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("privacy policy"),
    )
    legal_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("legal notice"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("tagline"), FieldPanel("logo")], heading=_("Identity")
        ),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour")], heading=_("Colours")
        ),
        MultiFieldPanel(
            [FieldPanel("support_url"), FieldPanel("support_email")], heading=_("Support")
        ),
        MultiFieldPanel(
            [FieldPanel("terms_page"), FieldPanel("privacy_page"), FieldPanel("legal_notice_page")],
            heading=_("Legal pages"),
        ),
    ]

    class Meta:
        verbose_name = _("brand")

    def clean(self) -> None:
        super().clean()
        if hex_colour.regex.match(self.primary_colour or "") and (
            contrast_ratio(self.primary_colour, "#ffffff") < 4.5
        ):
            raise ValidationError(
                {
                    "primary_colour": _(
                        "White text on this colour is hard to read (contrast %(ratio).1f:1, "
                        "4.5:1 needed). Choose a darker colour."
                    )
                    % {"ratio": contrast_ratio(self.primary_colour, "#ffffff")}
                }
            )

    @property
    def primary_hover_colour(self) -> str:
        return shade(self.primary_colour, 0.8)

    @property
    def cache_version(self) -> str:
        """Changes whenever the colours do, so browsers fetch the new brand stylesheet."""
        return hashlib.blake2s(
            f"{self.primary_colour}{self.accent_colour}".encode(), digest_size=4
        ).hexdigest()


def shade(colour: str, factor: float) -> str:
    try:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    except (ValueError, TypeError):
        return colour
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, int(c * factor))) for c in (r, g, b)))
