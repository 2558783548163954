from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    """Expert profiles and verification, expert sections and articles, question routing and the
    expert's inbox, following experts, comments on articles. The writes are in
    ``experts.services``, one module per feature (``verification``, ``sections``, ``routing``,
    ``following``, ``article_comments``); the views, the admin viewsets, the receivers and the
    tasks call them, and they stand on permissions, notify and the models (import-linter holds
    that order)."""

    name = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
