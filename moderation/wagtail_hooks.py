from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AuditEntry, Sanction
from .viewsets import ModerationGroup, ReadOnlyPolicy

# The audit log and the sanctions are written by the services only: read-only in the admin.
register_permission_policy(AuditEntry, ReadOnlyPolicy(AuditEntry))
register_permission_policy(Sanction, ReadOnlyPolicy(Sanction))


@hooks.register("register_admin_viewset")
def register_moderation_admin():
    return ModerationGroup()
