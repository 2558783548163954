"""Listening's template filters, defined in ``moderation.listening.filters``: Django finds tag
libraries in an app's ``templatetags`` only, so this module hands that one over."""

from moderation.listening.filters import register

__all__ = ["register"]
