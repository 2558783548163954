from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from .listening.views import ListeningViewSet
from .models import AuditEntry, Sanction
from .viewsets.clock import ClockViewSet
from .viewsets.crisis import CrisisViewSet
from .viewsets.queue import QueueViewSet
from .viewsets.records import (
    AuditLogViewSet,
    CannedReplyViewSet,
    EditorialPickViewSet,
    ModeratorScopeViewSet,
    ReadOnlyPolicy,
    SanctionViewSet,
)

# The audit log and the sanctions are written by the services only: read-only in the admin.
register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))
register_permission_policy(Sanction, ReadOnlyPolicy(Sanction))


class ModerationGroup(ViewSetGroup):
    """The Moderation menu: the queue's viewsets and listening's, in the order shown."""

    menu_label = gettext_lazy("Moderation")
    menu_icon = "warning"
    menu_order = 150
    items = (
        QueueViewSet,
        ClockViewSet,
        ListeningViewSet,
        CrisisViewSet,
        EditorialPickViewSet,
        AuditLogViewSet,
        SanctionViewSet,
        CannedReplyViewSet,
        ModeratorScopeViewSet,
    )


@hooks.register("register_admin_viewset")
def register_moderation_admin():
    return ModerationGroup()


@hooks.register("insert_global_admin_css")
def moderation_css():
    """The queue's and listening's admin styles, from static files (no inline style)."""
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="stylesheet" href="{}">',
        static("css/admin/moderation.css"),
        static("css/admin/listening.css"),
    )
