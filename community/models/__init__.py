"""The community's data: topic pages (Wagtail), and the posts, votes, follows and notifications
that live beside the page tree as plain Django models (fast writes, no tree locking).

The reputation models (the ledger, the rules, standings, level changes, gaming cases) live
with the rest of reputation in ``community.reputation.models``; importing them here is what
registers them with Django, and the rest of the app reads every model from this package.
"""

from community.reputation.models import (
    GamingCase,
    Level,
    LevelChange,
    ReputationEvent,
    ReputationRules,
    Standing,
)

from .pages import CommunityIndexPage, TopicPage
from .posts import (
    Answer,
    Comment,
    HelpfulVote,
    PostImage,
    PostRevision,
    PostState,
    Question,
    Tag,
    Tone,
)
from .social import Flag, Follow, Notification, ThreadNote

__all__ = [
    "Answer",
    "Comment",
    "CommunityIndexPage",
    "Flag",
    "Follow",
    "GamingCase",
    "HelpfulVote",
    "Level",
    "LevelChange",
    "Notification",
    "PostImage",
    "PostRevision",
    "PostState",
    "Question",
    "ReputationEvent",
    "ReputationRules",
    "Standing",
    "Tag",
    "ThreadNote",
    "Tone",
    "TopicPage",
]
