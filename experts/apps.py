from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    """Expert profiles and verification, expert sections and articles, question routing."""

    name = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
