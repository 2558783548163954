"""What every feed of the hub shares: the brand in its titles, and links that open on the hub's
public address (BASE_URL) rather than on the placeholder domain of Django's sites framework."""

from __future__ import annotations

from django.contrib.syndication.views import Feed

from .brand import brand_for_request
from .site import absolute, rebased


class HubFeed(Feed):
    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.brand = brand_for_request(request)
        return super().__call__(request, *args, **kwargs)

    def feed_url(self, obj=None) -> str:
        return absolute(self.request.path)

    def item_link(self, item) -> str:
        return absolute(item.get_absolute_url())

    def page_link(self, page) -> str:
        """A Wagtail page's address on the hub."""
        return rebased(page.get_url(self.request) or "/")
