"""Template tags of the experts app."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..permissions import can_turn_into_article, verified_expert

register = template.Library()


def _span(delta: timedelta) -> str:
    minutes = int(abs(delta.total_seconds()) // 60)
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        days = hours // 24
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}


@register.filter
def time_left(due) -> str:
    """ "5 h 20 min left" before the target, "overdue by 2 days" after it."""
    delta = due - timezone.now()
    if delta.total_seconds() >= 0:
        return _("%(span)s left") % {"span": _span(delta)}
    return _("overdue by %(span)s") % {"span": _span(delta)}


@register.filter
def duration(delta) -> str:
    return _span(delta) if delta is not None else "—"


@register.filter
def may_draft_article(user, question) -> bool:
    return can_turn_into_article(user, question)


@register.simple_tag
def expert_inbox_count(user) -> int | None:
    """The number of open routed questions for a verified expert (None for everyone else)."""
    expert = verified_expert(user)
    if expert is None:
        return None
    return expert.routes.filter(state="open").count()
