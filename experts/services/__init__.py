"""Writes of the experts app, one module per feature. Each checks permission, changes state in
one transaction, sends a signal and leaves mail to tasks after the commit.

- ``verification``: a member's application, the community manager's decisions on it (verify,
  decline, suspend), an expert's departure and their successor, the expert's own profile and
  being away.
- ``sections``: the brand voice's groups, each expert's section with its page and image
  permissions, the review workflow of its articles, and a solved thread drafted as an article.
- ``routing``: routing questions to experts and the inbox actions (decline, reassign), the
  response clock's fallback to the topic's team, and closing routes once answered.
- ``following``: following an expert.
- ``article_comments``: comments on articles through django-comments-xtd, and their moderation.

This package re-exports the names other apps, the demo and the tests call
(``from experts import services as experts; experts.verify(...)``). Modules inside experts
import from the feature module instead, never from here.
"""

from .article_comments import approve_article_comment, reject_article_comment
from .routing import decline_route, reassign_route, route_question, route_to_fallback
from .sections import REVIEW_WORKFLOW, set_review
from .verification import apply, decline, depart, suspend, unique_slug, verify

__all__ = [
    "REVIEW_WORKFLOW",
    "apply",
    "approve_article_comment",
    "decline",
    "decline_route",
    "depart",
    "reassign_route",
    "reject_article_comment",
    "route_question",
    "route_to_fallback",
    "set_review",
    "suspend",
    "unique_slug",
    "verify",
]
