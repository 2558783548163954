"""What the queue's admin pages share: only those who work the queue open them (and see their
menu items), and their listings count at most ``CappedPaginator.CAP`` rows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from moderation.permissions import can_work_queue

PER_PAGE = 50


class CappedPaginator(Paginator):
    """Counts at most ``CAP`` items: past that, a listing says "more than" instead of counting
    a queue of any size on every page view (the count is what grows with the data)."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


def listing_query(params) -> str:
    """The filters of a listing, without its page number (the pagination links add it)."""
    params = params.copy()
    params.pop("p", None)
    return params.urlencode()


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return can_work_queue(request.user)


class QueueMixin(WagtailAdminTemplateMixin):
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_work_queue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
