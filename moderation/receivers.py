"""What the moderation app does when something happens elsewhere: items enter the queue,
actions taken outside it (approving from a thread, editing a post) reach the audit log, and
the posting rules of crisis mode and watched members apply."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from community import limits
from community.models import Answer, GamingCase, Question
from community.permissions import register_moderation_scope
from community.signals import (
    ambassador_candidate,
    gaming_detected,
    level_changed,
    post_created,
    post_edited,
    post_flagged,
    post_published,
)
from experts.signals import (
    article_comment_moderated,
    article_comment_posted,
    expert_applied,
    expert_declined,
    expert_verified,
)

from . import clock, crisis, curation, queue, spam
from .models import AuditEntry, EditorialPick, QueueItem, Sanction
from .permissions import scope_of

Kind = QueueItem.Kind


def run_response_clock(sender, post, **kwargs) -> None:
    """A published question starts its clock; the first answer by someone else stops it."""
    if not post.is_public:
        return
    if isinstance(post, Question):
        clock.start_clock(post)
    elif isinstance(post, Answer) and post.author_id != post.question.author_id:
        clock.stop_clock(post.question_id)


def queue_held_post(sender, post, pending: bool, reasons=(), **kwargs) -> None:
    if not pending:
        return
    kind = (
        Kind.SPAM
        if any(r.startswith("spam") or r == "check_failed" for r in reasons)
        else Kind.PENDING
    )
    queue.raise_item(kind, post, reasons=reasons)


def queue_flagged_post(sender, post, flag, hidden: bool, **kwargs) -> None:
    item = queue.raise_item(Kind.FLAG, post, flag=flag)
    if hidden:
        queue.audit(
            AuditEntry.Action.AUTO_HIDE,
            by=None,
            target=post,
            item=item,
            before={"state": "published"},
            after={"state": post.state},
        )


def settle_approved_post(sender, post, by, **kwargs) -> None:
    """Approved from the thread page: its item closes and the log says who approved it."""
    resolved = queue.resolve_items_for(
        post, by=by, resolution="approve", kinds=[Kind.PENDING, Kind.SPAM]
    )
    if resolved:
        queue.audit(AuditEntry.Action.APPROVE, by=by, target=post, after={"state": post.state})


def log_moderator_edit(sender, post, by, revision, **kwargs) -> None:
    if by is None or post.author_id == by.pk:
        return
    before = {"body": revision.body}
    after = {"body": post.body}
    if revision.title:
        before["title"], after["title"] = revision.title, post.title
    queue.audit(AuditEntry.Action.EDIT, by=by, target=post, before=before, after=after)


def queue_application(sender, profile, **kwargs) -> None:
    queue.raise_item(Kind.APPLICATION, profile)


def settle_application(sender, profile, by, **kwargs) -> None:
    queue.resolve_items_for(profile, by=by, resolution=profile.state, kinds=[Kind.APPLICATION])


def queue_article_comment(sender, comment, article, pending: bool, **kwargs) -> None:
    if pending:
        item = queue.raise_item(Kind.ARTICLE_COMMENT, comment)
        if not item.title:
            QueueItem.objects.filter(pk=item.pk).update(title=article.title[:200])


def settle_article_comment(sender, comment, by, approved: bool, **kwargs) -> None:
    resolved = queue.resolve_items_for(
        comment,
        by=by,
        resolution="approve" if approved else "reject",
        kinds=[Kind.ARTICLE_COMMENT],
    )
    if resolved:
        queue.audit(
            AuditEntry.Action.APPROVE if approved else AuditEntry.Action.REJECT,
            by=by,
            target=comment,
        )


def queue_candidate(sender, standing, evidence: dict, **kwargs) -> None:
    """A member meets the ambassador thresholds: the community manager decides."""
    queue.raise_item(Kind.AMBASSADOR, standing, reasons=["candidate"], evidence=evidence)


def queue_puppets(sender, case, **kwargs) -> None:
    if case.kind == GamingCase.Kind.PUPPETS:
        queue.raise_item(Kind.PUPPETS, case, reasons=["puppets"])


def log_revocation(sender, standing, reason: str, by=None, note: str = "", **kwargs) -> None:
    """Revoking an ambassador happens on the reputation pages; the audit log keeps it."""
    if reason == "revoked":
        queue.audit(
            AuditEntry.Action.REVOKE,
            by=by,
            target=standing,
            reason=note,
            before={"ambassador": True},
            after={"ambassador": False},
        )


def watched_members(user, topic) -> dict | None:
    """Approve-and-watch: the member's posts wait for approval until the watch ends."""
    if Sanction.objects.filter(
        member=user, kind=Sanction.Kind.WATCH, lifted_at=None, ends_at__gt=timezone.now()
    ).exists():
        return {"hold": "watched"}
    return None


def connect() -> None:
    post_created.connect(queue_held_post, dispatch_uid="moderation.queue_held")
    post_created.connect(run_response_clock, dispatch_uid="moderation.clock_created")
    post_published.connect(run_response_clock, dispatch_uid="moderation.clock_published")
    post_flagged.connect(queue_flagged_post, dispatch_uid="moderation.queue_flagged")
    post_published.connect(settle_approved_post, dispatch_uid="moderation.settle_approved")
    post_edited.connect(log_moderator_edit, dispatch_uid="moderation.log_edit")
    expert_applied.connect(queue_application, dispatch_uid="moderation.queue_application")
    expert_verified.connect(settle_application, dispatch_uid="moderation.settle_verified")
    expert_declined.connect(settle_application, dispatch_uid="moderation.settle_declined")
    article_comment_posted.connect(queue_article_comment, dispatch_uid="moderation.queue_comment")
    article_comment_moderated.connect(
        settle_article_comment, dispatch_uid="moderation.settle_comment"
    )
    post_save.connect(curation.picks_changed, sender=EditorialPick, dispatch_uid="moderation.picks")
    post_delete.connect(
        curation.picks_changed, sender=EditorialPick, dispatch_uid="moderation.unpick"
    )
    ambassador_candidate.connect(queue_candidate, dispatch_uid="moderation.queue_candidate")
    gaming_detected.connect(queue_puppets, dispatch_uid="moderation.queue_puppets")
    level_changed.connect(log_revocation, dispatch_uid="moderation.log_revocation")
    register_moderation_scope(scope_of)
    limits.register_posting_policy(watched_members)
    limits.register_posting_policy(crisis.crisis_policy)
    limits.register_content_check(spam.checks)
