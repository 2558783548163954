"""Template tags other apps' templates use to show moderation's part of a page."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from community.models import Flag, TopicPage

from .. import crisis, curation, support

register = template.Library()

REASONS = {
    **dict(Flag.Reason.choices),
    "new_member": _("First post of a new member"),
    "watched": _("The author is watched"),
    "crisis": _("Crisis mode: every new post waits"),
    "spam:repeated": _("Same text posted again"),
    "spam:too_fast": _("Written faster than a person types"),
    "spam:akismet": _("Akismet says spam"),
    "check_failed": _("A spam check could not answer"),
    "overdue": _("Past its response target"),
    "candidate": _("Meets the thresholds of the ambassador programme"),
    "puppets": _("Accounts created together from one network, voting alike"),
    "buzz": _("More posts than usual, and more of them negative"),
}


@register.filter
def reason_label(code: str) -> str:
    """What a queue item's reason code means, in the moderator's language."""
    return REASONS.get(code, code)


@register.filter
def may_escalate(user, question) -> bool:
    return bool(user.is_authenticated and support.can_escalate(user, question))


def _topic_of(context) -> int | None:
    question = context.get("question")
    if question is not None and getattr(question, "topic_id", None):
        return question.topic_id
    page = context.get("page")
    if isinstance(page, TopicPage):
        return page.pk
    return None


@register.inclusion_tag("moderation/includes/crisis_statements.html", takes_context=True)
def crisis_statements(context) -> dict:
    """The official statements of the crises that concern this page (the whole hub's, and the
    topic's on its pages and threads)."""
    return {"crises": crisis.crises_for(_topic_of(context))}


@register.simple_tag
def editorial_picks(limit: int = 6) -> list:
    return curation.home_picks(limit)
