from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """The moderation queue, actions, audit log, response clock, escalation to support cases,
    curation and crisis mode; and listening (``moderation.listening``): the daily roll-ups, the
    community manager's dashboard, bad-buzz alerts and the voice-of-the-community reports."""

    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from . import receivers
        from .listening import receivers as listening_receivers

        listening_receivers.connect()
        receivers.connect()
