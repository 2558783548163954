"""RSS and Atom feeds of the experts' articles, each signed with its author's identity."""

from __future__ import annotations

from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hub.feeds import HubFeed
from hub.identity import identities_for
from hub.site import absolute

from .models import ArticlePage

ITEMS = 30


class ArticleFeed(HubFeed):
    def title(self) -> str:
        return _("Articles from our experts · %(brand)s") % {"brand": self.brand.name}

    def link(self) -> str:
        return absolute("/experts/")

    def description(self) -> str:
        return _("What the brand's experts write, under their own names.")

    def items(self):
        articles = list(
            ArticlePage.objects.live()
            .public()
            .select_related("author")
            .order_by("-first_published_at")[:ITEMS]
        )
        found = identities_for(a.author.user_id for a in articles if a.author_id)
        for article in articles:
            article.identity = found.get(article.author.user_id) if article.author_id else None
        return articles

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.intro

    def item_link(self, item) -> str:
        return self.page_link(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_author_name(self, item) -> str:
        return item.identity.signature if item.identity else ""


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
