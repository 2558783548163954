"""Who may do what with questions, answers and comments.

``can_*`` return a bool; ``check_*`` raise PermissionDenied with a reason the member can read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hub.permissions import can_post, check_can_post

from .models import Answer, Comment, Flag, Level, PostState, Question, Standing
from .rules import rules

# A higher app may limit a moderator to some topics: a function of the user that returns the
# ids of their topics, or None for the whole hub (see ``register_moderation_scope``).
_scope_providers: list = []


def register_moderation_scope(provider) -> None:
    """Let ``provider(user) -> set[int] | None`` limit a moderator to some topics."""
    if provider not in _scope_providers:
        _scope_providers.append(provider)


def moderated_topics(user) -> set[int] | None:
    """The topics ``user`` moderates (None: all of them). Asked once per request."""
    cached = getattr(user, "_agora_moderated_topics", False)
    if cached is not False:
        return cached
    topics = None
    for provider in _scope_providers:
        limited = provider(user)
        if limited is not None:
            topics = limited if topics is None else topics & limited
    user._agora_moderated_topics = topics
    return topics


def can_moderate(user, question: Question | None = None) -> bool:
    """Moderators and community managers; a moderator limited to some topics moderates only
    the questions of those topics (and is a moderator for everything else that asks)."""
    if not (user.is_authenticated and user.is_active and user.has_perm("community.moderate_posts")):
        return False
    if question is None:
        return True
    topics = moderated_topics(user)
    return topics is None or question.topic_id in topics


def is_brand_voice(user) -> bool:
    """Staff and experts speak for the brand: their posts carry the brand badge."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("community.speak_for_brand")
    )


def member_level(user) -> int:
    """The member's reputation level (0 for visitors and members without a standing)."""
    if not user.is_authenticated:
        return Level.NEWCOMER
    return Standing.objects.filter(user=user).values_list("level", flat=True).first() or 0


def has_privilege(user, threshold: int) -> bool:
    """Brand voices and moderators have every privilege; members from the level the
    reputation rules set (``threshold``)."""
    if is_brand_voice(user) or can_moderate(user):
        return True
    return member_level(user) >= threshold


def is_new_member(user) -> bool:
    """New until one post has been approved; brand voices and moderators never are."""
    return not has_privilege(user, Level.MEMBER)


def can_edit_tags(user, question: Question) -> bool:
    """The author and the moderators, and members from the level the rules set."""
    if not (can_post(user) and question.is_public and not question.is_deleted):
        return False
    if question.author_id == user.pk:
        return True
    return has_privilege(user, rules().edit_tags_level)


def check_edit_tags(user, question: Question) -> None:
    check_can_post(user)
    if not can_edit_tags(user, question):
        raise PermissionDenied(
            _("Editing the tags of others' questions comes with the level %(level)s.")
            % {"level": Level(rules().edit_tags_level).label}
        )


def can_view_post(user, post) -> bool:
    """Published posts are public; pending ones are for their author and moderators; hidden
    and removed ones for moderators only. A deleted post still shows its place in the thread."""
    if isinstance(post, (Answer, Comment)) and not can_view_post(user, post.question):
        return False
    if post.state == PostState.PUBLISHED:
        return True
    if can_moderate(user, post if isinstance(post, Question) else post.question):
        return True
    return post.state == PostState.PENDING and user.is_authenticated and post.author_id == user.pk


def _thread_of(post) -> Question:
    return post if isinstance(post, Question) else post.question


def can_edit_post(user, post) -> bool:
    if not can_post(user) or post.is_deleted:
        return False
    return post.author_id == user.pk or can_moderate(user, _thread_of(post))


def check_edit_post(user, post) -> None:
    check_can_post(user)
    if not can_edit_post(user, post):
        raise PermissionDenied(_("Only the author can change this post."))


def check_delete_post(user, post) -> None:
    check_can_post(user)
    if post.is_deleted:
        raise PermissionDenied(_("This post is already deleted."))
    if post.author_id != user.pk and not can_moderate(user, _thread_of(post)):
        raise PermissionDenied(_("Only the author can delete this post."))


def check_can_interact(user, question: Question) -> None:
    check_can_post(user)
    if not question.is_public:
        raise PermissionDenied(_("This question is not open for replies."))
    if question.is_locked and not can_moderate(user, question):
        raise PermissionDenied(_("This thread is locked: it takes no new answers or comments."))


def can_flag(user, post) -> bool:
    return bool(can_post(user) and post.is_public and post.author_id != user.pk)


def check_flag(user, post) -> None:
    check_can_post(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot flag your own post."))
    if not post.is_public:
        raise PermissionDenied(_("This post cannot be flagged."))


def can_vote(user, post) -> bool:
    return bool(can_post(user) and post.is_public and post.author_id != user.pk)


def check_vote(user, post) -> None:
    check_can_post(user)
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot vote for your own post."))
    if not post.is_public:
        raise PermissionDenied(_("This post cannot receive votes."))


def answers_with_open_flags(question: Question) -> set[int]:
    """The answers of ``question`` that members flagged and no moderator has looked at yet."""
    targets = Flag.objects.filter(
        question=question, outcome=Flag.Outcome.OPEN, target__startswith="answer:"
    ).values_list("target", flat=True)
    return {int(target.partition(":")[2]) for target in targets}


def has_open_flags(answer: Answer) -> bool:
    # The flag's target is written as services.flags.flag_target writes it: "answer:<pk>".
    return Flag.objects.filter(target=f"answer:{answer.pk}", outcome=Flag.Outcome.OPEN).exists()


def endorsement_hold(answer: Answer, *, flagged: bool | None = None) -> str:
    """Why ``answer`` cannot be accepted or marked official yet, or "" when nothing stands in
    the way. The hub never endorses a post that waits for a moderator, that the moderators
    hid or removed, or that members flagged and no moderator has looked at (``flagged``: the
    caller already knows, e.g. for a whole thread)."""
    if answer.is_deleted:
        return _("The author deleted this answer.")
    if answer.state == PostState.PENDING:
        return _(
            "This answer waits for a moderator: it can be accepted or marked official once it "
            "is published."
        )
    if answer.state != PostState.PUBLISHED:
        return _("The moderators took this answer down: it cannot be accepted or marked official.")
    if has_open_flags(answer) if flagged is None else flagged:
        return _(
            "Members flagged this answer: it can be accepted or marked official once a "
            "moderator has reviewed it."
        )
    return ""


def can_accept(user, question: Question, answer: Answer | None = None) -> bool:
    """The asker accepts answers of their public question; with ``answer``, that one can be
    accepted now (see ``endorsement_hold``)."""
    if not (can_post(user) and question.author_id == user.pk and question.is_public):
        return False
    return answer is None or not endorsement_hold(answer)


def check_withdraw_accept(user, answer: Answer) -> None:
    """Taking an acceptance back is the asker's, whatever became of the answer."""
    check_can_post(user)
    if answer.question.author_id != user.pk:
        raise PermissionDenied(_("Only the person who asked can accept an answer."))


def check_accept(user, answer: Answer) -> None:
    check_withdraw_accept(user, answer)
    if not answer.question.is_public:
        raise PermissionDenied(_("This question is not open for replies."))
    if hold := endorsement_hold(answer):
        raise PermissionDenied(hold)


def can_mark_official(user, question: Question, answer: Answer | None = None) -> bool:
    """The official-answer permission: for the whole hub (granted to groups, such as the
    community managers), or for this question only (an authentication backend of a higher app
    grants it, e.g. to verified experts for the topics and tags of their expertise). With
    ``answer``, that one can be marked now (see ``endorsement_hold``)."""
    allowed = bool(
        can_post(user)
        and question.is_public
        and (
            user.has_perm("community.mark_official")
            or user.has_perm("community.mark_official", question)
        )
    )
    return allowed and (answer is None or not endorsement_hold(answer))


def check_withdraw_official(user, answer: Answer) -> None:
    """The official mark can be taken back by those who may give it, whatever became of the
    answer."""
    check_can_post(user)
    if not can_mark_official(user, answer.question):
        raise PermissionDenied(
            _("Only the community team and the experts of this topic can mark the official answer.")
        )


def check_mark_official(user, answer: Answer) -> None:
    check_withdraw_official(user, answer)
    if hold := endorsement_hold(answer):
        raise PermissionDenied(hold)


def can_view_reputation(user) -> bool:
    """The reputation report: authenticity, funnel, caught gaming, every member's ledger."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.has_perm("community.view_reputation_report")
    )


def can_view_points(viewer, member) -> bool:
    """A member's points history and progress: themselves and the community team."""
    return bool(viewer.is_authenticated and viewer.pk == member.pk) or can_view_reputation(viewer)


def can_manage_ambassadors(user) -> bool:
    """The community manager runs the ambassador programme."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("community.manage_ambassadors")
    )


def check_manage_ambassadors(user) -> None:
    if not can_manage_ambassadors(user):
        raise PermissionDenied(_("Only the community manager runs the ambassador programme."))
