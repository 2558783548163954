"""RSS and Atom feeds: the newest questions of a topic, and questions still waiting for an
answer."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from hub.feeds import HubFeed
from hub.site import absolute

from . import queries
from .models import TopicPage
from .templatetags.community_tags import post_identity

ITEMS = 30


class QuestionFeed(HubFeed):
    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return Truncator(item.body_text).chars(500)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_activity_at

    def item_author_name(self, item) -> str:
        if identity := post_identity(item):
            return identity.signature
        profile = getattr(item.author, "profile", None)
        return profile.name if profile else _("Deleted member")

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class TopicFeed(QuestionFeed):
    def get_object(self, request, slug: str):
        return get_object_or_404(TopicPage.objects.live().public(), slug=slug)

    def title(self, obj) -> str:
        return _("%(topic)s · %(brand)s") % {"topic": obj.title, "brand": self.brand.name}

    def link(self, obj) -> str:
        return self.page_link(obj)

    def description(self, obj) -> str:
        return obj.description

    def items(self, obj):
        return queries.with_identities(queries.question_listing(topic=obj, sort="newest")[:ITEMS])


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = TopicFeed.description


class UnansweredFeed(QuestionFeed):
    def title(self) -> str:
        return _("Unanswered questions · %(brand)s") % {"brand": self.brand.name}

    def link(self) -> str:
        return absolute(reverse("community:question-list") + "?filter=unanswered")

    def description(self) -> str:
        return _("Questions that are still waiting for an answer. Can you help?")

    def items(self):
        return queries.with_identities(
            queries.question_listing(filter="unanswered", sort="newest")[:ITEMS]
        )


class UnansweredAtomFeed(UnansweredFeed):
    feed_type = Atom1Feed
    subtitle = UnansweredFeed.description
