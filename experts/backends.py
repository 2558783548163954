"""An authentication backend that only answers object permissions: a verified expert holds
``community.mark_official`` for the questions in their areas of expertise (the community
manager holds it for the whole hub through a group)."""

from __future__ import annotations

from django.contrib.auth.backends import BaseBackend

from community.models import Question

from .permissions import can_mark_official_in_area


class ExpertAreaBackend(BaseBackend):
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        if obj is None or perm != "community.mark_official" or not isinstance(obj, Question):
            return False
        return can_mark_official_in_area(user_obj, obj)
