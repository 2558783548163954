"""Moderation: the queue, the actions on it, the audit log, sanctions, the response clock,
escalation to customer support, curation and crisis mode; and listening (``listening/``).

Its writes are feature modules at the app's level, not a ``services`` package: the app's other
features already were (``clock``, ``curation``, ``support``, ``spam``), each named after what it
does, and one name per feature is what the layers contract in pyproject.toml holds, from the
bottom up:

- ``queue``: the queue's primitives, on the models and permissions only: the audit log,
  ``snapshot``/``label_of`` of what is acted on, ``raise_item``, ``resolve_items_for``,
  ``claim`` and ``assign``. Every other feature builds on it.
- ``notices``: what a member reads when the moderators act (reply text, inbox note, email).
- ``sanctions`` (watch, warn, suspend, ban, lift), ``curation`` (editorial picks, ``feature``),
  ``crisis`` (crisis mode).
- ``actions`` (approve, reject, hide... on one item or in bulk), ``clock`` (the response
  clock), ``support`` (escalation to customer support), ``spam`` (the spam checks).
- ``tasks``: the Celery tasks that drive those features (the clock's beat, the queue's
  reminders, bulk actions too large for a request); no feature imports it.
- ``listening``: roll-ups, dashboard, bad-buzz alerts and reports, raising items through
  ``queue`` and switching ``crisis`` mode on.
- ``receivers``, ``views``, ``viewsets/`` (the admin, one module per feature), then
  ``wagtail_hooks``, ``urls``, ``templatetags`` and ``apps`` at the top.
"""
