"""Actions on queue items: approve, reject, hide, dismiss, lock, move, merge, pin, feature, or
warn, suspend or ban the author, one item at a time or in bulk. Each checks permission,
changes state in one transaction, writes the audit log, and leaves email to tasks after the
commit.

Queue actions lock the item's row first: two moderators acting on one item, or a double
click, get one outcome (the second finds the item resolved and changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from community import services as community
from community.models import (
    Answer,
    Comment,
    Flag,
    GamingCase,
    PostState,
    Question,
    Standing,
    TopicPage,
)
from community.reputation import ambassadors as reputation
from community.reputation import gaming
from experts import services as experts
from experts.models import ExpertProfile

from .curation import feature
from .models import AuditEntry, CannedReply, QueueItem
from .notices import mail_notice, reply_text, tell_member
from .permissions import check_act_on, check_work_queue
from .queue import Post, audit, question_of, snapshot
from .sanctions import ban, suspend, warn, watch

Action = AuditEntry.Action

# Actions that settle an item; the others (lock, move, warn...) leave it open for the next.
RESOLVING = {"approve", "approve_watch", "reject", "hide", "dismiss", "merge", "ban"}
ACTIONS = (
    "approve",
    "approve_watch",
    "reject",
    "hide",
    "dismiss",
    "lock",
    "unlock",
    "move",
    "merge",
    "pin",
    "unpin",
    "feature",
    "warn",
    "suspend",
    "ban",
)
# Actions on a post's thread or author; the others also settle applications and candidates.
POST_ONLY = set(ACTIONS) - {"approve", "approve_watch", "reject", "dismiss"}


@dataclass
class Outcome:
    done: bool
    message: str


def _load_item(item: QueueItem) -> QueueItem:
    return QueueItem.objects.select_for_update().get(pk=item.pk)


def _settle(item: QueueItem, *, by, resolution: str) -> None:
    item.state = QueueItem.State.RESOLVED
    item.resolved_at = timezone.now()
    item.resolved_by = by
    item.resolution = resolution
    item.save(update_fields=["state", "resolved_at", "resolved_by", "resolution", "updated_at"])


@transaction.atomic
def act(
    item: QueueItem,
    action: str,
    *,
    by,
    reason: str = "",
    canned: CannedReply | None = None,
    topic: TopicPage | None = None,
    into: Question | None = None,
) -> Outcome:
    """Apply ``action`` to the item's content. An item another moderator already resolved is
    left alone (``done`` is False and the message says so): no error, one outcome."""
    check_act_on(by, item)
    if action not in ACTIONS:
        raise ValidationError(_("Unknown action."))
    item = _load_item(item)
    if not item.is_open and action in RESOLVING:
        return Outcome(False, _("Someone already dealt with this item."))
    target = item.target
    if target is None:
        _settle(item, by=by, resolution="gone")
        return Outcome(False, _("The content of this item no longer exists."))
    if action in POST_ONLY and not isinstance(target, (Question, Answer, Comment)):
        raise ValidationError(_("This action applies to posts only."))
    handler = HANDLERS.get(type(target))
    if handler is None:
        raise ValidationError(_("This action does not apply here."))
    if action in RESOLVING:
        # Settled first: receivers of what follows see the item closed and do not log twice.
        _settle(item, by=by, resolution=action)

    before = snapshot(target)
    message = handler(
        item, target, action, by=by, reason=reason, canned=canned, topic=topic, into=into
    )
    audit(
        AUDIT_AS.get((type(target), action), action if action != "dismiss" else Action.DISMISS),
        by=by,
        target=target,
        item=item,
        reason=reply_text(reason=reason, canned=canned, language=settings.LANGUAGE_CODE),
        before=before,
        after=snapshot(_reload(target)),
    )
    return Outcome(True, message)


def _reload(target):
    target.refresh_from_db()
    return target


def _is_spam(item: QueueItem) -> bool:
    """A post rejected from a spam item, or one members flagged as spam, is removed as spam
    (its author loses the points the rules say)."""
    return item.kind == QueueItem.Kind.SPAM or Flag.Reason.SPAM in item.reasons


def _act_on_post(item, post: Post, action: str, *, by, reason, canned, topic, into) -> str:
    question = question_of(post)
    author = post.author
    if action in ("approve", "approve_watch"):
        community.restore_post(post, by=by)
        community.settle_flags(post, upheld=False, by=by)
        if action == "approve_watch" and author is not None:
            watch(author, by=by, reason=reason)
        return _("Approved.")
    if action == "dismiss":
        if post.state == PostState.HIDDEN:
            community.restore_post(post, by=by)
        community.settle_flags(post, upheld=False, by=by)
        return _("The flags are dismissed; the post stays.")
    if action == "reject":
        community.remove_post(post, by=by, spam=_is_spam(item))
        community.settle_flags(post, upheld=True, by=by)
        tell_member(author, post=post, by=by, kind="rejected", reason=reason, canned=canned)
        return _("Rejected; the author is told why.")
    if action == "hide":
        community.hide_post(post, by=by)
        community.settle_flags(post, upheld=True, by=by)
        return _("Hidden.")
    if action in ("lock", "unlock"):
        community.lock_question(question, by=by, locked=action == "lock")
        return _("The thread is locked.") if action == "lock" else _("The thread is unlocked.")
    if action in ("pin", "unpin"):
        community.pin_question(question, by=by, pinned=action == "pin")
        return _("Pinned.") if action == "pin" else _("Unpinned.")
    if action == "feature":
        if not isinstance(post, Question):
            raise ValidationError(_("Only questions are featured."))
        feature(by=by, question=post, audited=False)
        return _("The question is among the home page's picks.")
    if action == "move":
        if topic is None:
            raise ValidationError(_("Choose the topic to move the question to."))
        community.move_question(question, topic=topic, by=by)
        return _("Moved to %(topic)s.") % {"topic": topic.title}
    if action == "merge":
        if into is None or not isinstance(post, Question):
            raise ValidationError(_("Choose the original question to merge this one into."))
        community.merge_question(post, into=into, by=by)
        return _("Merged into “%(title)s”.") % {"title": into.title}
    if action == "warn":
        warn(author, by=by, reason=reason, canned=canned, post=post)
        return _("The author is warned.")
    if action == "suspend":
        days = suspend(author, by=by, reason=reason, canned=canned, post=post)
        return _("The author is suspended for %(days)d days.") % {"days": days}
    if action == "ban":
        community.remove_post(post, by=by, spam=_is_spam(item))
        community.settle_flags(post, upheld=True, by=by)
        ban(author, by=by, reason=reason, post=post)
        return _("The author is banned and the post removed.")
    raise ValidationError(_("This action does not apply here."))


def _act_on_article_comment(item, comment: XtdComment, action: str, *, by, reason, canned, **kw):
    if action in ("approve", "approve_watch", "dismiss"):
        experts.approve_article_comment(comment, by=by)
        if action == "approve_watch" and comment.user is not None:
            watch(comment.user, by=by, reason=reason)
        return _("Approved.")
    if action == "reject":
        experts.reject_article_comment(comment, by=by)
        if comment.user is not None:
            mail_notice(comment.user, kind="rejected", reason=reason, canned=canned, url="")
        return _("Rejected; the author is told why.")
    raise ValidationError(_("This action does not apply here."))


def _act_on_application(item, profile: ExpertProfile, action: str, *, by, reason, canned, **kw):
    language = profile.user.profile.preferred_language if profile.user_id else "en"
    if action in ("approve", "approve_watch"):
        experts.verify(profile, by=by)
        return _("%(name)s is verified.") % {"name": profile.real_name}
    if action == "reject":
        text = reply_text(reason=reason, canned=canned, language=language)
        if not text:
            raise ValidationError(_("Say why the application is declined."))
        experts.decline(profile, by=by, reason=text)
        return _("The application is declined; the applicant is told why.")
    raise ValidationError(_("This action does not apply here."))


def _act_on_candidate(item, standing: Standing, action: str, *, by, **kw):
    member = standing.user
    if action in ("approve", "approve_watch"):
        if not reputation.promote_ambassador(member, by=by):
            return _("%(name)s is an ambassador already.") % {"name": member.profile.name}
        return _("%(name)s is now an ambassador; they are told by email.") % {
            "name": member.profile.name
        }
    if action in ("reject", "dismiss"):
        reputation.decline_candidate(member, by=by)
        return _("Declined; %(name)s is not proposed again for a while.") % {
            "name": member.profile.name
        }
    raise ValidationError(_("This action does not apply here."))


def _act_on_gaming_case(item, case: GamingCase, action: str, *, by, **kw):
    if action == "reject":
        points = gaming.confirm_puppets(case)
        return _("Confirmed: the votes of these accounts lost their %(points)d points.") % {
            "points": -points
        }
    if action in ("approve", "dismiss"):
        return _("Dismissed: these accounts are left as they are.")
    raise ValidationError(_("This action does not apply here."))


def _act_on_question_clock(item, question: Question, action: str, **kw):
    raise ValidationError(_("This action does not apply here."))


HANDLERS = {
    Question: _act_on_post,
    Answer: _act_on_post,
    Comment: _act_on_post,
    XtdComment: _act_on_article_comment,
    ExpertProfile: _act_on_application,
    Standing: _act_on_candidate,
    GamingCase: _act_on_gaming_case,
}


SANCTIONS = {"warn", "suspend", "ban"}
# How the audit log names a queue action on what is not a post.
AUDIT_AS = {
    (Standing, "approve"): Action.PROMOTE,
    (Standing, "approve_watch"): Action.PROMOTE,
    (Standing, "reject"): Action.DECLINE,
    (Standing, "dismiss"): Action.DECLINE,
    (GamingCase, "reject"): Action.CONFIRM_PUPPETS,
    (GamingCase, "approve"): Action.DISMISS,
}


@dataclass
class BulkOutcome:
    done: int
    skipped: int


def act_in_bulk(
    item_ids: Iterable[int],
    action: str,
    *,
    by,
    reason: str = "",
    canned=None,
    topic: TopicPage | None = None,
):
    """Apply one action to many items, each in its own transaction: items another moderator
    resolved meanwhile, or that the action does not fit, are skipped and counted. A member is
    warned, suspended or banned once per batch, however many of their posts it holds (their
    other items are skipped and stay in the queue)."""
    check_work_queue(by)
    done = skipped = 0
    sanctioned: set[int] = set()
    items = QueueItem.objects.filter(pk__in=list(item_ids)[:1000]).order_by("pk")
    for item in items:
        if action in SANCTIONS and item.author_id in sanctioned:
            skipped += 1
            continue
        try:
            outcome = act(item, action, by=by, reason=reason, canned=canned, topic=topic)
        except (PermissionDenied, ValidationError):
            skipped += 1
            continue
        if outcome.done:
            done += 1
            sanctioned.add(item.author_id)
        else:
            skipped += 1
    return BulkOutcome(done, skipped)
