"""The answers of a thread, rendered in Python.

A long thread shows hundreds of answers and comments; Django's template engine spends most of
a render walking the same few nodes for each of them. This module builds that part of the
page with escaped f-strings instead: the translations, addresses and CSRF field are looked up
once per page, never once per post. Everything that comes from a member is escaped here, except
``body_html``, which was sanitised by nh3 when it was saved.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.permissions import can_post

from .models import PostState
from .permissions import answers_with_open_flags, can_edit_post, endorsement_hold
from .queries import Thread
from .templatetags.community_tags import byline, escape

ID = 987654321  # a placeholder id, replaced in the address patterns below


@dataclass
class Page:
    """What every post of one page shares: who reads it, what they may do, the words."""

    request: object
    thread: Thread
    can_moderate: bool
    can_accept: bool
    can_mark_official: bool

    def __post_init__(self):
        self.user = self.request.user
        self.signed_in = self.user.is_authenticated
        self.may_post = can_post(self.user)
        q = self.thread.question
        self.q = q
        # A locked thread takes replies from its moderators only.
        self.open = not q.is_locked or self.can_moderate
        # Answers that members flagged and no moderator has looked at: nobody endorses them.
        self.flagged = (
            answers_with_open_flags(q) if self.can_accept or self.can_mark_official else set()
        )
        self.csrf = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(self.request))}">'
            if self.signed_in
            else ""
        )
        self.urls = {
            name: reverse(f"community:{name}", args=[q.pk, ID])
            for name in (
                "answer-vote",
                "answer-accept",
                "answer-official",
                "answer-edit",
                "answer-delete",
                "answer-approve",
                "answer-history",
                "answer-comment-create",
                "comment-edit",
                "comment-delete",
                "comment-approve",
                "answer-flag",
                "comment-flag",
            )
        }
        self.t = {
            "official_badge": escape(_("Official answer")),
            "accepted_badge": escape(_("Accepted answer")),
            "edited": escape(_("edited")),
            "pending_mod": escape(
                _("Waiting for moderation: only its author and moderators see it.")
            ),
            "pending_own": escape(
                _("Your answer waits for a moderator. Only you can see it until it is published.")
            ),
            "hidden": escape(_("Hidden from members.")),
            "deleted": escape(_("The author deleted this answer.")),
            "comment_deleted": escape(_("Comment deleted by its author.")),
            "waiting": escape(_("Waiting for moderation")),
            "edit": escape(_("Edit")),
            "delete": escape(_("Delete")),
            "approve": escape(_("Approve")),
            "flag": escape(_("Flag")),
            "unaccept": escape(_("Unaccept")),
            "accept": escape(_("Accept this answer")),
            "unofficial": escape(_("Withdraw the official mark")),
            "official": escape(_("Mark as the official answer")),
            "comments_label": escape(_("Comments on this answer")),
            "add_comment": escape(_("Add a comment")),
            "your_comment": escape(_("Your comment")),
            "comment": escape(_("Comment")),
        }

    def url(self, name: str, pk: int) -> str:
        return self.urls[name].replace(str(ID), str(pk))


def _helpful(count: int) -> str:
    return escape(
        ngettext(
            "%(counter)s member found this helpful",
            "%(counter)s members found this helpful",
            count,
        )
        % {"counter": count}
    )


def _button_form(
    page: Page, action: str, label: str, *, withdraw=False, css="button", pressed=None
) -> str:
    hidden = '<input type="hidden" name="action" value="withdraw">' if withdraw else ""
    aria = f' aria-pressed="{"true" if pressed else "false"}"' if pressed is not None else ""
    return (
        f'<form method="post" action="{action}" class="inline-form">{page.csrf}{hidden}'
        f'<button type="submit" class="{css}"{aria}>{label}</button></form>'
    )


def _held_button(label: str, reason_id: str) -> str:
    """A mark that cannot be given yet: shown, disabled, pointing at the reason."""
    return (
        f'<button type="button" class="button button-secondary" disabled '
        f'aria-describedby="{reason_id}">{label}</button>'
    )


def _comment(page: Page, c, *, with_approve: bool) -> str:
    body = page.t["comment_deleted"] if c.deleted_at else c.body_html
    body = f'<span class="deleted">{body}</span>' if c.deleted_at else body
    extra = ""
    if c.state == PostState.PENDING:
        extra += f' <span class="badge badge-pending">{page.t["waiting"]}</span>'
        if with_approve and page.can_moderate:
            extra += _button_form(
                page, page.url("comment-approve", c.pk), page.t["approve"], css="link-button"
            )
    if page.signed_in and not c.deleted_at and can_edit_post(page.user, c):
        extra += (
            f' <a href="{page.url("comment-edit", c.pk)}">{page.t["edit"]}</a>'
            f' <a href="{page.url("comment-delete", c.pk)}">{page.t["delete"]}</a>'
        )
    elif page.may_post and c.is_public:
        extra += f' <a href="{page.url("comment-flag", c.pk)}" rel="nofollow">{page.t["flag"]}</a>'

    pending = " is-pending" if c.state != PostState.PUBLISHED else ""
    return (
        f'<li id="comment-{c.pk}" class="comment{pending}">{body} '
        f'<span class="post-meta">— {byline(c, 24)}{extra}</span></li>'
    )


def comments_html(page: Page, comments, label: str) -> SafeString:
    if not comments:
        return mark_safe("")
    items = "".join(_comment(page, c, with_approve=True) for c in comments)
    return mark_safe(f'<ul class="comments" aria-label="{escape(label)}">{items}</ul>')


def _actions(page: Page, a) -> str:
    q = page.q
    if not page.signed_in:
        if a.helpful_count:
            return f'<p class="post-actions muted">{_helpful(a.helpful_count)}</p>'
        return ""
    parts = []
    if page.may_post and a.is_public and a.author_id != page.user.pk:
        voted = a.pk in page.thread.voted_answers
        label = escape(
            ngettext("Helpful (%(counter)s)", "Helpful (%(counter)s)", a.helpful_count)
            % {"counter": a.helpful_count}
        )
        parts.append(
            _button_form(
                page,
                page.url("answer-vote", a.pk),
                label,
                withdraw=voted,
                css="button button-secondary",
                pressed=voted,
            )
        )
    elif a.helpful_count:
        parts.append(f'<span class="muted">{_helpful(a.helpful_count)}</span>')
    # Taking a mark back is always offered; giving one waits for the moderators when the
    # answer is under review, and the disabled button says why.
    hold = ""
    if page.can_accept or page.can_mark_official:
        hold = endorsement_hold(a, flagged=a.pk in page.flagged)
    hold_id = f"answer-{a.pk}-hold"
    marks = []
    if page.can_accept:
        marks.append(("answer-accept", q.accepted_answer_id, "accept", "unaccept", "button"))
    if page.can_mark_official:
        marks.append(
            (
                "answer-official",
                q.official_answer_id,
                "official",
                "unofficial",
                "button button-secondary",
            )
        )
    held = False
    for url_name, marked_id, give, take, css in marks:
        url = page.url(url_name, a.pk)
        if a.pk == marked_id:
            parts.append(
                _button_form(page, url, page.t[take], withdraw=True, css="button button-secondary")
            )
        elif hold:
            parts.append(_held_button(page.t[give], hold_id))
            held = True
        else:
            parts.append(_button_form(page, url, page.t[give], css=css))
    if held:
        parts.append(f'<span id="{hold_id}" class="muted endorsement-hold">{escape(hold)}</span>')
    if can_edit_post(page.user, a):
        parts.append(
            f'<a href="{page.url("answer-edit", a.pk)}">{page.t["edit"]}</a> '
            f'<a href="{page.url("answer-delete", a.pk)}">{page.t["delete"]}</a>'
        )
    elif page.may_post and a.is_public:
        parts.append(
            f'<a href="{page.url("answer-flag", a.pk)}" rel="nofollow">{page.t["flag"]}</a>'
        )
    if page.can_moderate and a.state == PostState.PENDING:
        parts.append(_button_form(page, page.url("answer-approve", a.pk), page.t["approve"]))
    return f'<div class="post-actions">{"".join(parts)}</div>'


def _images(items) -> str:
    if not items:
        return ""
    pictures = "".join(
        f'<a href="{escape(i.image.url)}"><img src="{escape(i.image.url)}" alt="{escape(i.alt)}" '
        f'width="{i.width}" height="{i.height}" loading="lazy"></a>'
        for i in items
    )
    return f'<div class="post-images">{pictures}</div>'


def _answer(page: Page, a, number: int) -> str:
    q, t = page.q, page.t
    classes = ["post", "answer"]
    meta = [byline(a, 32)]
    if a.pk == q.official_answer_id:
        classes.append("is-official")
        meta.append(f' <span class="badge badge-official">{t["official_badge"]}</span>')
    if a.pk == q.accepted_answer_id:
        classes.append("is-accepted")
        meta.append(f' <span class="badge badge-solved">{t["accepted_badge"]}</span>')
    if a.edited_at:
        meta.append(f' · <a href="{page.url("answer-history", a.pk)}">{t["edited"]}</a>')
    if a.state != PostState.PUBLISHED:
        classes.append("is-pending")
    notice = ""
    if a.state == PostState.PENDING:
        text = t["pending_mod"] if page.can_moderate else t["pending_own"]
        notice = f'<p class="notice notice-pending" role="status">{text}</p>'
    elif a.state != PostState.PUBLISHED:
        notice = f'<p class="notice notice-hidden">{t["hidden"]}</p>'
    if a.deleted_at:
        content = f'<p class="deleted">{t["deleted"]}</p>'
    else:
        content = (
            f'<div class="post-body">{a.body_html}</div>{_images(getattr(a, "image_list", ()))}'
            f"{_actions(page, a)}"
        )
    official_by = ""
    if a.pk == q.official_answer_id and q.official_by:
        official_by = '<p class="muted official-by">{}</p>'.format(
            escape(
                _("Marked as the brand's official answer by %(name)s.")
                % {"name": q.official_by.profile.name}
            )
        )
    comments = comments_html(page, getattr(a, "comment_list", ()), t["comments_label"])
    form = ""
    if page.may_post and a.is_public and page.open:
        form = (
            f'<details class="comment-form"><summary>{t["add_comment"]}</summary>'
            f'<form method="post" action="{page.url("answer-comment-create", a.pk)}" class="stack-form">'
            f'{page.csrf}<input type="hidden" name="submission_token" value="{uuid.uuid4()}">'
            f'<label for="comment-{a.pk}-body">{t["your_comment"]}</label>'
            f'<textarea id="comment-{a.pk}-body" name="body" rows="3" maxlength="1000" required></textarea>'
            f'<button type="submit" class="button">{t["comment"]}</button></form></details>'
        )
    label = escape(_("Answer %(n)s") % {"n": number})
    return (
        f'<article id="answer-{a.pk}" class="{" ".join(classes)}" aria-label="{label}">'
        f'<p class="post-meta">{"".join(meta)}</p>{notice}{content}{official_by}{comments}{form}'
        "</article>"
    )


def answers_html(page: Page) -> SafeString:
    groups = []
    for kind, heading, answers in page.thread.sections:
        title = f'<h3 class="answer-group-heading">{escape(heading)}</h3>' if heading else ""
        body = "".join(_answer(page, a, n) for n, a in enumerate(answers, start=1))
        groups.append(f'<div class="answer-group answer-group-{kind}">{title}{body}</div>')
    return mark_safe("".join(groups))
