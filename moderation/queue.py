"""The queue's primitives, at the bottom of the moderation app: how a post, comment, profile
or case is read for the log (``snapshot``, ``label_of``), how it enters the queue
(``raise_item``) and leaves it when it was dealt with elsewhere (``resolve_items_for``), who
holds an item (``claim``, ``assign``) and the audit log every write of the app goes through.
It stands on the models, the permissions and the lower apps only, so that every feature of
moderation (actions, sanctions, curation, the clock, support, listening) can build on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments_xtd.models import XtdComment

from community.models import Answer, Comment, Flag, GamingCase, Level, Question, Standing
from experts.models import ExpertProfile

from .models import AuditEntry, BuzzAlert, QueueItem
from .permissions import check_act_on

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
