"""Template tags other apps' templates use to show moderation's part of a page."""

from __future__ import annotations

from django import template

from community.models import TopicPage

from .. import curation, support

register = template.Library()


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
    return {"crises": curation.crises_for(_topic_of(context))}


@register.simple_tag
def editorial_picks(limit: int = 6) -> list:
    return curation.home_picks(limit)
