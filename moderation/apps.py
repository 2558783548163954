from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    """The moderation queue, actions, audit log, response clock, curation and reports."""

    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
