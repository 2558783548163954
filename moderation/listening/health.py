"""The member funnel and the authenticity of engagement shown on the listening dashboard: read
from the reputation ledger and cached, because they replay months of history; each roll-up
forgets them."""

from __future__ import annotations

from django.core.cache import cache

from community.reputation import boards as reputation

HEALTH_KEY = "moderation:listening:health"


def community_health() -> dict:
    """The member funnel and the authenticity of engagement (from the reputation ledger),
    cached: they replay months of history."""
    found = cache.get(HEALTH_KEY)
    if found is None:
        found = {"funnel": reputation.funnel(months=6), "authenticity": reputation.authenticity()}
        cache.set(HEALTH_KEY, found, 3600)
    return found


def forget() -> None:
    cache.delete(HEALTH_KEY)
