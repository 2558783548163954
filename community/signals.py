"""Signals the community sends. Higher apps (experts, moderation) receive them in receivers.py.

Every signal is sent inside the transaction that made the change; receivers that do slow work
enqueue a task with ``hub.tasks.enqueue`` (which waits for the commit).

post_created(sender, post, pending: bool, reasons: list[str])
    A question, answer or comment was saved. ``sender`` is its model class; ``pending`` says
    it waits for moderation and is not visible to others yet, and ``reasons`` why:
    "new_member", or what a posting policy or content check of a higher app said.
post_published(sender, post, by)
    A pending post was approved (``by`` is the moderator).
post_edited(sender, post, by, revision)
    A post was changed; ``revision`` holds what it said before.
post_deleted(sender, post, by)
    The author (or a moderator) deleted a post; the row stays, the thread stays readable.
vote_cast(sender, vote) / vote_withdrawn(sender, vote)
    A helpful vote was given / taken back. ``vote.recipient`` is the post's author.
answer_accepted(sender, answer, by, previous) / answer_unaccepted(sender, answer, by)
    The asker accepted an answer (``previous`` is the answer it replaces, or None) / withdrew it.
official_answer_marked(sender, answer, by) / official_answer_unmarked(sender, answer, by)
    A brand voice endorsed an answer as the brand's official answer / withdrew it.
post_flagged(sender, post, flag, hidden: bool)
    A member flagged a post; ``hidden`` says this flag was the one that hid it.
post_removed(sender, post, by, spam: bool) / post_restored(sender, post, by)
    A moderator removed a post (``spam``: as spam) / published again a hidden or removed one.
flags_settled(sender, post, upheld: bool, flags: list[tuple[int, int]])
    The moderators upheld or dismissed the open flags of a post: (flag id, flagger id) pairs.
level_changed(sender, standing, old: int, new: int, reason: str, by, note: str)
    A member reached or lost a level (``reason``: "points", "posts", "promoted", "revoked"...;
    ``by`` is the community manager who promoted or revoked, ``note`` what they wrote).
ambassador_candidate(sender, standing, evidence: dict)
    A member meets the thresholds of the ambassador programme; the CM decides.
thread_changed(sender, question, post)
    Anything in a thread changed (a post, its state, a vote, an acceptance, a move, a merge);
    ``post`` is the post that changed, or None. The listening roll-ups recompute its days.
gaming_detected(sender, case)
    The anti-gaming job found a case (``case.kind``: serial voting and vote rings are reversed
    already; suspected sock puppets wait for a moderator).
"""

from django.dispatch import Signal

post_created = Signal()
thread_changed = Signal()
post_published = Signal()
post_edited = Signal()
post_deleted = Signal()
vote_cast = Signal()
vote_withdrawn = Signal()
answer_accepted = Signal()
answer_unaccepted = Signal()
official_answer_marked = Signal()
official_answer_unmarked = Signal()
post_flagged = Signal()
post_removed = Signal()
post_restored = Signal()
flags_settled = Signal()
level_changed = Signal()
ambassador_candidate = Signal()
gaming_detected = Signal()
