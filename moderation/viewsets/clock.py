"""The response clock in the admin: the questions waiting for a first answer, the one with the
least time left first, within the topics the moderator looks after."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.viewsets.base import ViewSet

from community.permissions import moderated_topics
from moderation.clock import hours_left
from moderation.forms import QueueFilterForm
from moderation.models import ResponseClock

from .base import PER_PAGE, CappedPaginator, QueueMenuItem, QueueMixin, listing_query


class ClockView(QueueMixin, TemplateView):
    """Questions waiting for a first answer, the one with the least time left first."""

    template_name = "moderation/admin/clock.html"
    page_title = gettext_lazy("Response clock")
    header_icon = "time"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Response clock")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        clocks = ResponseClock.objects.filter(state=ResponseClock.State.RUNNING).select_related(
            "question__topic"
        )
        topics = moderated_topics(self.request.user)
        if topics is not None:
            clocks = clocks.filter(question__topic__in=topics)
        filters = QueueFilterForm(self.request.GET or None)
        topic = filters.cleaned_data.get("topic") if filters.is_valid() else None
        if topic:
            clocks = clocks.filter(question__topic=topic)
        page = CappedPaginator(clocks.order_by("due_at", "pk"), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        now = timezone.now()
        for row in page.object_list:
            row.hours_left = round(hours_left(row, now), 1)
            row.overdue = row.due_at <= now
        context.update(
            filters=filters,
            page_obj=page,
            clocks=page.object_list,
            query=listing_query(self.request.GET),
        )
        return context


class ClockViewSet(ViewSet):
    icon = "time"
    menu_label = gettext_lazy("Response clock")
    url_prefix = "moderation/clock"
    name = "moderation_clock"

    @property
    def menu_item_class(self):
        return QueueMenuItem

    def get_urlpatterns(self):
        return [path("", ClockView.as_view(), name="index")]
