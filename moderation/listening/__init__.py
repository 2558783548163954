"""Listening: what the community says, measured for the community manager.

- ``rollups``: every figure of a day (posts, response times, shares, tone) for the hub, each
  topic, tag and expert, stored as daily rows; recomputed hourly for the days that changed
  (``receivers`` marks them when a thread changes) and rebuilt whole by ``rebuild_listening``.
- ``figures`` reads the rows over a range; ``health`` caches the member funnel and the
  authenticity of engagement; ``trends`` finds what the questions are about; ``charts`` draws
  the SVG line charts; ``dashboard`` assembles the page, each chart with its table and CSV.
- ``buzz``: bad-buzz detection, its alerts in the moderation queue (through the queue's
  primitives, ``moderation.queue``) and crisis mode in one click (``moderation.crisis``).
- ``report``: the weekly and monthly voice-of-the-community report, as a page, an email and
  a CSV.
- ``views`` (the admin pages under ``/admin/moderation/listening/``), ``forms``, ``filters``
  (the templates' ``listening_tags``), ``tasks`` (Celery beat: roll-ups, bad-buzz check,
  reports) and ``models`` (app label ``moderation``, registered through ``moderation.models``).

Nothing else in moderation imports this package; it is wired in by the app's admin hook, its
``ready()``, the Celery app and the models registration.
"""
