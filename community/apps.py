from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    """Topics, questions, answers, comments, votes, follows, notifications and reputation."""

    name = "community"
    verbose_name = _("Community")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
