"""Reputation: the ledger, points, levels, privileges and the ambassador programme.

Every change of a member's points is a line in the append-only ledger (``ReputationEvent``),
written in the same transaction as what caused it (a vote, an acceptance...), with the points
it was actually worth once the rules and caps applied and the reason. Taking something back
writes a compensating line. ``Standing.points`` is the sum of a member's lines and
``Standing.level`` follows from it; ``rebuild`` recomputes both from the ledger alone.

Awards are keyed ("vote:12:vote_answer:34"): a key has at most one live award (an award no
compensating line cancels), which is what makes a second click, a replayed signal or an
accept/unaccept cycle earn nothing more. Writes for one member are serialised by a lock on
their ``Standing`` row, so that concurrent votes cannot both squeeze under a cap.

Which module holds what:

- ``models``: the ledger (``ReputationEvent``), ``Standing``, ``Level``, ``LevelChange``,
  ``ReputationRules`` and ``GamingCase``; ``community.models`` imports them (that registers
  them with Django) and the rest of the app reads them there.
- ``ledger``: ``award``, ``take_back``, ``lock_standing``, ``live_award``, the approved-post
  count, a member's ``history`` and the ``reason_text`` of each line.
- ``events``: what happens elsewhere, in points (``vote_cast``, ``answer_accepted``,
  ``removed_as_spam``, ``flags_upheld``, ``article_published``, ``sanctioned``...) and taking
  each back.
- ``levels``: requirements, ``refresh_level``, privileges, ``level_message`` and the member's
  ``progress``.
- ``ambassadors``: ``promote_ambassador``, ``decline_candidate``, ``revoke_ambassador``, the
  ``candidates`` the nightly job proposes, and the ``ambassadors`` the home page shows.
- ``boards``: ``leaderboard``, ``top_earners``, ``authenticity`` and the level ``funnel``.
- ``rebuild``: ``recompute`` and ``rebuild`` from the ledger.
- ``gaming``: the nightly anti-gaming job (serial voting, vote rings, sock puppets).

The rules in force are read with ``community.rules.rules()``, kept outside this package so that
permissions and limits can read the privilege thresholds without importing the ledger.

This package re-exports nothing: it holds the models Django loads while the app registry is
still being filled (before ``django.contrib.auth``), so importing the ledger and its services
from here would run them during model loading. Import the module you need, e.g.
``from community.reputation import events`` or ``from community.reputation.ledger import award``.
"""
