"""Writes of the community. Each checks permission, changes state in one transaction, sends a
signal, and leaves slow work (notifications, email, search indexing) to tasks after commit.

A member's post is stored before anything else can fail (principle 6): indexing, email and
cache refreshes all happen after the commit and catch up on their own if a service is down.

Which module holds what:

- ``posting``: ``ask_question``, ``post_answer``, ``post_comment`` (and the tags and limits a
  new post goes through).
- ``editing``: ``edit_post``, ``retag_question``, ``delete_post``.
- ``votes``: ``vote_helpful``, ``withdraw_vote``, ``accept_answer``, ``unaccept_answer``,
  ``mark_official``, ``unmark_official``.
- ``follows``: ``follow``, ``unfollow``, ``mark_read``, ``unsubscribe``.
- ``moderation``: ``approve_post``, ``hide_post``, ``hold_post``, ``remove_post``,
  ``restore_post``, ``lock_question``, ``pin_question``, ``move_question``,
  ``merge_question``, ``add_thread_note``, ``notify_member``.
- ``flags``: ``flag_post``, ``flag_weight``, ``settle_flags``.
- ``counters``: ``refresh_question_counters``, ``refresh_helpful_counts``.
- ``threads``: what every write to a thread shares (the thread a post belongs to, and what
  follows a change: fresh pages, the search index).

Other apps, the demo, the benchmarks and the tests call the names below through this package
(``from community import services``); modules inside ``community`` import the module that holds
a name.
"""

from community.services.counters import refresh_question_counters
from community.services.editing import delete_post, edit_post, retag_question
from community.services.flags import flag_post, flag_weight, settle_flags
from community.services.follows import follow
from community.services.moderation import (
    add_thread_note,
    approve_post,
    hide_post,
    lock_question,
    merge_question,
    move_question,
    notify_member,
    pin_question,
    remove_post,
    restore_post,
)
from community.services.posting import ask_question, post_answer, post_comment
from community.services.votes import (
    accept_answer,
    mark_official,
    unaccept_answer,
    unmark_official,
    vote_helpful,
    withdraw_vote,
)

__all__ = [
    "accept_answer",
    "add_thread_note",
    "approve_post",
    "ask_question",
    "delete_post",
    "edit_post",
    "flag_post",
    "flag_weight",
    "follow",
    "hide_post",
    "lock_question",
    "mark_official",
    "merge_question",
    "move_question",
    "notify_member",
    "pin_question",
    "post_answer",
    "post_comment",
    "refresh_question_counters",
    "remove_post",
    "restore_post",
    "retag_question",
    "settle_flags",
    "unaccept_answer",
    "unmark_official",
    "vote_helpful",
    "withdraw_vote",
]
