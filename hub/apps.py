from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The foundation: members and their profiles, the home page, brand settings, search."""

    name = "hub"
    verbose_name = _("Hub")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
