"""The moderation part of the Wagtail admin, one module per feature (listening's views are in
``moderation.listening.views``); ``moderation.wagtail_hooks`` composes them into the Moderation
menu and registers it.

- ``queue``: the queue (filters, bulk actions) and one item (its thread, the author's history,
  the flaggers' record, and the actions).
- ``clock``: the questions waiting for a first answer, least time left first.
- ``crisis``: crisis mode switched on and off.
- ``records``: the model listings: editorial picks, the audit log and the sanctions
  (read-only), canned replies and the topics of delegated moderators.
- ``base``: what the queue's pages share (who may open them, the capped paginator).

Nothing is re-exported here: import the module you need.
"""
