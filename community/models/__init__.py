"""The community's data: topic pages (Wagtail), and the posts, votes, follows and notifications
that live beside the page tree as plain Django models (fast writes, no tree locking)."""

from .pages import CommunityIndexPage, TopicPage
from .posts import (
    Answer,
    Comment,
    HelpfulVote,
    PostImage,
    PostRevision,
    PostState,
    Question,
    Standing,
    Tag,
    Tone,
)
from .reputation import GamingCase, Level, LevelChange, ReputationEvent, ReputationRules
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
