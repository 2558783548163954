"""Writes of the moderation workbench. Each checks permission, changes state in one
transaction, writes the audit log, and leaves email to tasks after the commit.

Queue actions lock the item's row first: two moderators acting on one item, or a double
click, get one outcome (the second finds the item resolved and changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from community import gaming, reputation
from community import services as community
from community.models import (
    Answer,
    Comment,
    Flag,
    GamingCase,
    Level,
    PostState,
    Question,
    Standing,
    TopicPage,
)
from experts import services as experts
from experts.models import ExpertProfile
from hub import pagecache
from hub.models import Profile
from hub.tasks import enqueue

from . import tasks
from .models import AuditEntry, BuzzAlert, CannedReply, EditorialPick, QueueItem, Sanction
from .permissions import check_act_on, check_sanction, check_work_queue

User = get_user_model()
Post = Question | Answer | Comment
Action = AuditEntry.Action

# How serious each kind of item is (more comes first in the queue).
SEVERITY = {
    QueueItem.Kind.SPAM: 3,
    QueueItem.Kind.FLAG: 2,
    QueueItem.Kind.OVERDUE: 2,
    QueueItem.Kind.PENDING: 1,
    QueueItem.Kind.ARTICLE_COMMENT: 1,
    QueueItem.Kind.APPLICATION: 0,
    QueueItem.Kind.PUPPETS: 2,
    QueueItem.Kind.AMBASSADOR: 0,
    QueueItem.Kind.BUZZ: 3,
}
FLAG_SEVERITY = {Flag.Reason.SPAM: 3, Flag.Reason.RUDE: 3, Flag.Reason.SUPPORT: 2}


# --- reading targets ---------------------------------------------------------------------------


def question_of(post) -> Question | None:
    if isinstance(post, Question):
        return post
    if isinstance(post, (Answer, Comment)):
        return post.question
    return None


def snapshot(thing) -> dict:
    """What the audit log keeps of a post, comment or profile before and after an action."""
    if isinstance(thing, (Question, Answer, Comment)):
        data = {"state": thing.state, "body": thing.body}
        if isinstance(thing, Question):
            data.update(
                title=thing.title,
                topic=thing.topic.title if thing.topic_id else "",
                locked=thing.locked_at is not None,
            )
        return data
    if isinstance(thing, XtdComment):
        return {"public": thing.is_public, "removed": thing.is_removed, "body": thing.comment}
    if isinstance(thing, ExpertProfile):
        return {"state": thing.state}
    if isinstance(thing, Standing):
        return {
            "level": str(Level(thing.level).label),
            "points": thing.points,
            "ambassador": thing.ambassador_since is not None,
        }
    if isinstance(thing, GamingCase):
        return {"points_reversed": thing.points_reversed, "members": thing.evidence.get("members")}
    return {}


def label_of(thing) -> str:
    if isinstance(thing, Question):
        return _("Question “%(title)s”") % {"title": thing.title}
    if isinstance(thing, Answer):
        return _("Answer to “%(title)s”") % {"title": thing.question.title}
    if isinstance(thing, Comment):
        return _("Comment on “%(title)s”") % {"title": thing.question.title}
    if isinstance(thing, XtdComment):
        return _("Comment on an article: %(text)s") % {"text": thing.comment[:80]}
    if isinstance(thing, ExpertProfile):
        return _("Expert application of %(name)s") % {"name": thing.real_name}
    if isinstance(thing, Standing):
        return _("Ambassador programme: %(name)s") % {"name": thing.user.profile.name}
    if isinstance(thing, BuzzAlert):
        return str(thing)
    if isinstance(thing, GamingCase):
        return _("Suspected sock puppets: %(names)s") % {
            "names": ", ".join(u.get_username() for u in thing.members.all())
        }
    return str(thing)[:300]


def buzz_summary(alert: BuzzAlert) -> str:
    return _(
        "%(posts)d posts in %(hours)d hours where %(expected)s were usual; %(share)d %% "
        "complaints (usually %(usual)d %%)."
    ) % {
        "posts": alert.posts,
        "hours": alert.window_hours,
        "expected": f"{alert.expected:.1f}",
        "share": round(alert.negative_share * 100),
        "usual": round(alert.baseline_negative_share * 100),
    }


def _author_of(thing):
    if isinstance(thing, XtdComment):
        return thing.user
    if isinstance(thing, (ExpertProfile, Standing)):
        return thing.user
    return getattr(thing, "author", None)


def audit(
    action: str,
    *,
    by,
    target=None,
    subject=None,
    item: QueueItem | None = None,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=by,
        action=action,
        reason=reason,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        target_label=label_of(target)[:300] if target is not None else "",
        subject=subject if subject is not None else _author_of(target),
        item=item,
        before=before or {},
        after=after or {},
    )


# --- raising items -----------------------------------------------------------------------------


def raise_item(
    kind: str,
    target,
    *,
    reasons: Iterable[str] = (),
    flag: Flag | None = None,
    question: Question | None = None,
    evidence: dict | None = None,
) -> QueueItem:
    """Put ``target`` in the queue, or add to its open item (a new flag, another reason)."""
    evidence = evidence or {}
    content_type = ContentType.objects.get_for_model(target)
    question = question or question_of(target)
    item = (
        QueueItem.objects.select_for_update()
        .filter(kind=kind, content_type=content_type, object_id=target.pk, state="open")
        .first()
    )
    if item is None:
        now = timezone.now()
        body = getattr(target, "body_text", None) or getattr(target, "comment", "") or ""
        if isinstance(target, ExpertProfile):
            body = target.motivation or target.job_title
        if isinstance(target, Standing):
            body = _("%(points)d points, %(posts)d recent posts, authenticity %(share)d %%") % {
                "points": target.points,
                "posts": evidence.get("recent_posts") or 0,
                "share": evidence.get("authenticity") or 0,
            }
        if isinstance(target, GamingCase):
            body = _("%(n)d accounts created together from one network, %(votes)d votes") % {
                "n": len(target.evidence.get("members", [])),
                "votes": target.votes,
            }
        if isinstance(target, BuzzAlert):
            body = buzz_summary(target)
        item = QueueItem(
            kind=kind,
            content_type=content_type,
            object_id=target.pk,
            question=question,
            topic_id=question.topic_id if question else None,
            author=_author_of(target),
            title=(question.title if question else label_of(target))[:200],
            excerpt=" ".join(body.split())[:300],
            severity=SEVERITY.get(kind, 1),
            created_at=now,
            priority_at=now,
        )
    for reason in reasons:
        if reason and reason not in item.reasons:
            item.reasons.append(reason)
    if flag is not None:
        item.flag_count += 1
        item.flag_weight += flag.weight
        item.severity = max(item.severity, FLAG_SEVERITY.get(flag.reason, 1))
        if flag.reason not in item.reasons:
            item.reasons.append(flag.reason)
    item.compute_priority()
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        # Another request raised the same item a moment ago: add to that one instead.
        return raise_item(
            kind, target, reasons=reasons, flag=flag, question=question, evidence=evidence
        )
    return item


def resolve_items_for(target, *, by, resolution: str, kinds: Iterable[str] | None = None) -> int:
    """Close the open items about ``target`` (it was dealt with elsewhere)."""
    items = QueueItem.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, state="open"
    )
    if kinds is not None:
        items = items.filter(kind__in=list(kinds))
    return items.update(
        state=QueueItem.State.RESOLVED,
        resolved_at=timezone.now(),
        resolved_by=by,
        resolution=resolution,
        updated_at=timezone.now(),
    )


# --- claiming ----------------------------------------------------------------------------------


@transaction.atomic
def claim(item: QueueItem, *, by) -> bool:
    """Take an unclaimed open item. False if someone else holds it or it is resolved."""
    check_act_on(by, item)
    taken = QueueItem.objects.filter(pk=item.pk, state="open", assignee__isnull=True).update(
        assignee=by, claimed_at=timezone.now(), updated_at=timezone.now()
    )
    if taken:
        item.assignee, item.claimed_at = by, timezone.now()
        audit(Action.CLAIM, by=by, target=item.target, item=item)
    return bool(taken)


@transaction.atomic
def assign(item: QueueItem, *, to, by) -> bool:
    """Give an item to a moderator (or take it back from one with ``to=None``)."""
    check_act_on(by, item)
    if to is not None and not _can_take(to, item):
        raise ValidationError(_("This person cannot act on this item."))
    locked = QueueItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_open or locked.assignee_id == (to.pk if to else None):
        return False
    locked.assignee = to
    locked.claimed_at = timezone.now() if to else None
    locked.save(update_fields=["assignee", "claimed_at", "updated_at"])
    item.assignee, item.claimed_at = locked.assignee, locked.claimed_at
    audit(
        Action.ASSIGN,
        by=by,
        target=item.target,
        item=item,
        after={"assignee": to.get_username() if to else ""},
    )
    return True


def _can_take(user, item: QueueItem) -> bool:
    from_perms = user.is_active and user.has_perm("community.moderate_posts")
    if not from_perms:
        return False
    try:
        check_act_on(user, item)
    except PermissionDenied:
        return False
    return True


# --- acting on items ---------------------------------------------------------------------------

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


def reply_text(*, reason: str, canned: CannedReply | None, language: str) -> str:
    """What the member reads: the canned reply in their language, then the moderator's own
    words, if any."""
    parts = [canned.text_for(language)] if canned else []
    if reason:
        parts.append(reason)
    return "\n\n".join(parts)


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
        _tell(author, post=post, by=by, kind="rejected", reason=reason, canned=canned)
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
            _mail(comment.user, kind="rejected", reason=reason, canned=canned, url="")
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


# --- curation -------------------------------------------------------------------------------


def can_curate(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("moderation.add_editorialpick")
    )


@transaction.atomic
def feature(
    *, by, question: Question | None = None, page=None, blurb: str = "", audited: bool = True
) -> EditorialPick:
    """Put a question or an article among the home page's editorial picks (once)."""
    if not can_curate(by):
        raise PermissionDenied(_("Only community managers choose the editorial picks."))
    if question is not None and not question.is_public:
        raise ValidationError(_("Only a published question can be featured."))
    target = {"question": question} if question is not None else {"page": page}
    pick, created = EditorialPick.objects.get_or_create(
        **target, defaults={"blurb": blurb, "created_by": by}
    )
    if created and audited:
        audit(AuditEntry.Action.FEATURE, by=by, target=question or page)
    if created:
        transaction.on_commit(pagecache.bump_version)
    return pick


# --- members -----------------------------------------------------------------------------------


def _language_of(user) -> str:
    profile = getattr(user, "profile", None)
    return profile.preferred_language if profile else settings.LANGUAGE_CODE


def _tell(user, *, post: Post, by, kind: str, reason: str, canned) -> None:
    """The member reads why, in their inbox and by email, in their language."""
    if user is None:
        return
    text = reply_text(reason=reason, canned=canned, language=_language_of(user))
    question = question_of(post)
    community.notify_member(
        user,
        question=question,
        note=text,
        by=by,
        answer=post if isinstance(post, Answer) else None,
        comment=post if isinstance(post, Comment) else None,
    )
    _mail(user, kind=kind, reason=reason, canned=canned, url=question.get_absolute_url())


def _mail(user, *, kind: str, reason: str, canned, url: str, until=None) -> None:
    enqueue(
        tasks.send_notice,
        user.pk,
        kind,
        reason,
        canned.pk if canned else None,
        url,
        until.isoformat() if until else "",
    )


def watch(member, *, by, reason: str = "", days: int | None = None) -> Sanction:
    """For a while, the member's posts wait for approval (approve-and-watch)."""
    days = days or settings.AGORA_WATCH_DAYS
    sanction = Sanction.objects.create(
        member=member,
        kind=Sanction.Kind.WATCH,
        by=by,
        reason=reason,
        days=days,
        ends_at=timezone.now() + timedelta(days=days),
    )
    return sanction


def _check_member(member, by) -> None:
    if member is None:
        raise ValidationError(_("This post has no author any more."))
    if member.pk == by.pk:
        raise ValidationError(_("You cannot sanction yourself."))
    if member.has_perm("community.moderate_posts") or member.is_superuser:
        raise ValidationError(_("Moderators are not sanctioned from the queue."))


@transaction.atomic
def warn(member, *, by, reason: str = "", canned=None, post: Post | None = None) -> Sanction:
    """A warning the member reads; it expires after ``AGORA_WARNING_DAYS``."""
    check_sanction(by, severe=False)
    _check_member(member, by)
    if not reason and not canned:
        raise ValidationError(_("Say why you warn this member."))
    days = settings.AGORA_WARNING_DAYS
    text = reply_text(reason=reason, canned=canned, language=_language_of(member))
    sanction = Sanction.objects.create(
        member=member,
        kind=Sanction.Kind.WARNING,
        by=by,
        reason=text,
        days=days,
        ends_at=timezone.now() + timedelta(days=days),
    )
    reputation.sanctioned(member.pk, sanction_id=sanction.pk, kind="warn", by=by)
    if post is not None:
        _tell(member, post=post, by=by, kind="warned", reason=reason, canned=canned)
    else:
        _mail(member, kind="warned", reason=reason, canned=canned, url="")
    return sanction


def next_suspension_days(member) -> int:
    """1, 3, 7, then 30 days: each suspension in the last year takes the next step."""
    steps = settings.AGORA_SUSPENSION_STEPS
    earlier = Sanction.objects.filter(
        member=member,
        kind=Sanction.Kind.SUSPENSION,
        created_at__gte=timezone.now() - timedelta(days=365),
    ).count()
    return steps[min(earlier, len(steps) - 1)]


@transaction.atomic
def suspend(member, *, by, reason: str = "", canned=None, post: Post | None = None) -> int:
    """Suspend a member for the next step of the ladder; they can read but not post."""
    check_sanction(by, severe=True)
    _check_member(member, by)
    if not reason and not canned:
        raise ValidationError(_("Say why you suspend this member."))
    profile = Profile.objects.select_for_update().get(user=member)
    days = next_suspension_days(member)
    until = timezone.now() + timedelta(days=days)
    sanction = Sanction.objects.create(
        member=member,
        kind=Sanction.Kind.SUSPENSION,
        by=by,
        reason=reply_text(reason=reason, canned=canned, language=_language_of(member)),
        days=days,
        ends_at=until,
    )
    reputation.sanctioned(member.pk, sanction_id=sanction.pk, kind="suspend", by=by)
    profile.suspended_until = max(until, profile.suspended_until or until)
    profile.save(update_fields=["suspended_until", "updated_at"])
    url = question_of(post).get_absolute_url() if post is not None else ""
    _mail(member, kind="suspended", reason=reason, canned=canned, url=url, until=until)
    if post is None:
        audit(Action.SUSPEND, by=by, subject=member, reason=reason, after={"days": days})
    return days


@transaction.atomic
def ban(member, *, by, reason: str = "", post: Post | None = None) -> None:
    """Close a member's account for good: they cannot sign in; their posts stay as they are
    (the moderators remove what needs removing)."""
    check_sanction(by, severe=True)
    _check_member(member, by)
    if not reason:
        raise ValidationError(_("Say why you ban this member."))
    sanction = Sanction.objects.create(member=member, kind=Sanction.Kind.BAN, by=by, reason=reason)
    reputation.sanctioned(member.pk, sanction_id=sanction.pk, kind="ban", by=by)
    User.objects.filter(pk=member.pk).update(is_active=False)
    member.is_active = False
    if post is None:
        audit(Action.BAN, by=by, subject=member, reason=reason)


@transaction.atomic
def lift(sanction: Sanction, *, by) -> bool:
    """End a suspension, ban, watch or warning early."""
    check_sanction(by, severe=sanction.kind in (Sanction.Kind.SUSPENSION, Sanction.Kind.BAN))
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if not sanction.is_active:
        return False
    sanction.lifted_at, sanction.lifted_by = timezone.now(), by
    sanction.save(update_fields=["lifted_at", "lifted_by"])
    reputation.sanction_lifted(sanction.pk, by=by)
    member = sanction.member
    if sanction.kind == Sanction.Kind.SUSPENSION:
        others = (
            Sanction.objects.filter(member=member, kind=Sanction.Kind.SUSPENSION, lifted_at=None)
            .filter(ends_at__gt=timezone.now())
            .order_by("-ends_at")
            .values_list("ends_at", flat=True)
            .first()
        )
        Profile.objects.filter(user=member).update(suspended_until=others)
    elif sanction.kind == Sanction.Kind.BAN:
        User.objects.filter(pk=member.pk).update(is_active=True)
    audit(Action.LIFT, by=by, subject=member, reason=sanction.get_kind_display())
    return True


def is_watched(member) -> bool:
    return Sanction.objects.filter(
        member=member, kind=Sanction.Kind.WATCH, lifted_at=None, ends_at__gt=timezone.now()
    ).exists()
