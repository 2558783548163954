"""Community: topics, questions, answers, comments, votes, follows, notifications and reputation.

The app is laid out in layers, each importing only the ones below it (the import-linter
contracts in pyproject.toml hold this), and its larger capabilities are packages split by
feature:

- Entry points: ``urls`` (each view named by its module), ``wagtail_hooks`` (registers
  ``viewsets``, the reputation pages of the admin), ``receivers`` (connected in ``apps``),
  ``feeds`` and ``management/commands``.
- ``views/``: ``listings``, ``threads``, ``posting``, ``actions``, ``follows`` and ``points``;
  ``lookups`` finds what a URL names. ``forms`` and ``rendering`` (a thread's HTML) serve them.
- ``services/``: every write, by feature (``posting``, ``editing``, ``votes``, ``follows``,
  ``moderation``, ``flags``, ``counters``; ``threads`` holds what they share). The package
  re-exports the services other apps call.
- ``tasks`` (background work after commit), then ``notify`` (who hears about what, and the
  emails) and ``templatetags``.
- ``reputation/``: ``ledger``, ``events``, ``levels``, ``ambassadors``, ``boards``,
  ``rebuild``, the anti-gaming job (``gaming``) and the reputation models.
- Reads and rules: ``queries``, ``limits`` (rate limits and content checks), ``search/``,
  ``permissions`` (``can_*`` and ``check_*``), ``rules`` (the reputation rules in force).
- ``models/``: topic pages, posts, follows, notifications, flags and thread notes; it also
  imports ``reputation.models``, which registers them with Django.
- At the bottom: ``signals`` (what the app announces), ``markdown`` and ``sentiment``.
"""
