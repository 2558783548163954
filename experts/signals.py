"""Signals the experts app sends. Higher apps (moderation) receive them in receivers.py.

expert_applied(sender, profile)
    A member applied (or re-applied) to become a verified expert.
expert_verified(sender, profile, by) / expert_declined(sender, profile, by, reason)
    The community manager decided on an application.
expert_departed(sender, profile, successor, by)
    An expert left the company; ``successor`` took over their routes and section.
question_routed(sender, route)
    A question was put in an expert's inbox (``route.via`` says why).
article_comment_posted(sender, comment, article, pending: bool)
    A member commented on an article; ``pending`` says it waits for a moderator.
article_comment_moderated(sender, comment, by, approved: bool)
    A moderator approved or removed an article comment.
"""

from django.dispatch import Signal

expert_applied = Signal()
expert_verified = Signal()
expert_declined = Signal()
expert_departed = Signal()
question_routed = Signal()
article_comment_posted = Signal()
article_comment_moderated = Signal()
