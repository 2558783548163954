"""The experts' part of the page tree: /experts/ (the directory), one section per expert at
/experts/<slug>/ (their profile and articles), and the articles below it."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import ArticleBlocks
from . import reading
from .profiles import ExpertProfile

PER_PAGE = 24


class ExpertsIndexPage(Page):
    """The expert directory at /experts/."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["experts.ExpertSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("expert directory")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(reading.directory_context(request))
        return context


class ExpertSectionPage(Page):
    """One expert's own section: their public profile, then their articles. Created when the
    community manager verifies the expert; the expert may edit only inside it."""

    expert = models.ForeignKey(
        ExpertProfile, on_delete=models.PROTECT, related_name="sections", editable=False
    )
    intro = models.TextField(
        _("introduction"),
        max_length=1000,
        blank=True,
        help_text=_("A few words on what you write about here."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels: list = []
    parent_page_types = ["experts.ExpertsIndexPage"]
    subpage_types = ["experts.ArticlePage"]

    class Meta:
        verbose_name = _("expert section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = (
            ArticlePage.objects.live().public().child_of(self).order_by("-first_published_at")
        )
        page = Paginator(articles.select_related("author"), 10).get_page(request.GET.get("page"))
        context.update(reading.expert_context(request, self.expert), articles=page)
        return context


class ArticlePage(Page):
    """An expert's article, written in the Wagtail editor, with members' threaded comments."""

    author = models.ForeignKey(
        ExpertProfile,
        on_delete=models.PROTECT,
        related_name="articles",
        null=True,
        blank=True,
        editable=False,
    )
    intro = models.CharField(_("summary"), max_length=300, blank=True)
    body = StreamField(ArticleBlocks(), blank=True, verbose_name=_("body"))
    allow_comments = models.BooleanField(_("members may comment"), default=True)
    # Set when the article was made from a solved thread: its authors are credited.
    source_question = models.ForeignKey(
        "community.Question",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    credited = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("credited members")
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("allow_comments")]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("author"),
    ]
    parent_page_types = ["experts.ExpertSectionPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("expert article")

    def save(self, *args, **kwargs):
        if self.author_id is None and self.path:
            self.author = reading.author_for(self)
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.author_id is None:
            raise Http404
        context.update(reading.article_context(request, self))
        return context
