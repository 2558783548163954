from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .listing import listing_context
from .social import Follow


class CommunityIndexPage(Page):
    """The root of the community at /community/: lists the topics the CM arranges below it."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["community.TopicPage"]
    max_count = 1

    class Meta:
        verbose_name = _("community index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topics"] = TopicPage.objects.child_of(self).live().public().order_by("path")
        return context


class TopicPage(Page):
    """A topic (category) of questions, e.g. "Network and coverage"."""

    ICONS = [
        ("signal", _("Signal")),
        ("phone", _("Phone")),
        ("bill", _("Bill")),
        ("router", _("Router")),
        ("chat", _("Chat")),
        ("star", _("Star")),
    ]

    description = models.CharField(_("description"), max_length=300)
    icon = models.CharField(_("icon"), max_length=16, choices=ICONS, default="chat")
    rules = RichTextField(
        _("rules"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What belongs in this topic and what does not."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("icon"),
        FieldPanel("rules"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["community.CommunityIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("topic")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            listing_context(request, topic=self),
            following=request.user.is_authenticated
            and Follow.objects.filter(user=request.user, topic=self).exists(),
        )
        return context
