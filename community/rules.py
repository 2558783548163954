"""The reputation rules the community manager edits (Settings > Reputation rules), cached.

Kept apart from ``reputation`` so that permissions and limits can read the thresholds of the
privileges without importing the ledger's services.
"""

from __future__ import annotations

from django.core.cache import cache

from .models import ReputationRules

RULES_CACHE_KEY = "agora:reputation-rules:1"


def rules() -> ReputationRules:
    """The rules in force (cached for five minutes; saving them clears the cache)."""
    found = cache.get(RULES_CACHE_KEY)
    if found is None:
        found = ReputationRules.load()
        cache.set(RULES_CACHE_KEY, found, 300)
    return found


def forget_rules() -> None:
    cache.delete(RULES_CACHE_KEY)
