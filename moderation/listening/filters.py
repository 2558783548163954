"""The template filters of listening's pages, report and emails: figures in people's units.
Loaded as ``{% load listening_tags %}`` (``moderation/templatetags/listening_tags.py`` hands
this library to Django, which looks for tag libraries in an app's ``templatetags`` only)."""

from __future__ import annotations

from django import template

from community.models import Tone

from .dashboard import fmt_duration, fmt_percent

register = template.Library()

register.filter("percent", fmt_percent)
register.filter("duration", fmt_duration)


@register.filter
def signed_percent(value) -> str:
    return "—" if value is None else f"{float(value) * 100:+.0f} %"


@register.filter
def tone_label(code: str) -> str:
    try:
        return str(Tone(code).label)
    except ValueError:
        return code
