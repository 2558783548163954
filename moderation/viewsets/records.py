"""The model listings of moderation in the admin: the editorial picks, the audit log and the
sanctions (read-only: the services write them), the canned replies and the topics of delegated
moderators."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList, PageChooserPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from moderation.forms import CannedReplyForm, EditorialPickForm
from moderation.models import AuditEntry, CannedReply, EditorialPick, ModeratorScope, Sanction


class EditorialPickViewSet(ModelViewSet):
    model = EditorialPick
    icon = "pick"
    menu_label = gettext_lazy("Editorial picks")
    url_prefix = "moderation/picks"
    name = "moderation_picks"
    list_display = [Column("title", label=gettext_lazy("Title")), "position", "blurb"]
    edit_handler = ObjectList(
        [
            FieldPanel("question"),
            PageChooserPanel("page"),
            FieldPanel("blurb"),
            FieldPanel("position"),
        ],
        base_form_class=EditorialPickForm,
    )


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Nobody adds, edits or deletes these rows in the admin, not even a superuser: the
    add, edit and delete views answer 403 and their buttons are not shown."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class AuditLogViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = gettext_lazy("Audit log")
    url_prefix = "moderation/audit"
    name = "moderation_audit"
    list_display = [
        DateColumn("created_at", label=gettext_lazy("When")),
        Column("actor", label=gettext_lazy("Who")),
        Column("action", label=gettext_lazy("What"), accessor="get_action_display"),
        Column("target_label", label=gettext_lazy("On")),
        Column("subject", label=gettext_lazy("Member")),
        Column("reason", label=gettext_lazy("Why")),
    ]
    list_filter = ["action"]
    search_fields = ["reason", "target_label", "actor__username", "subject__username"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "created_at",
        "actor",
        "action",
        "target_label",
        "subject",
        "reason",
        "before",
        "after",
    ]
    ordering = ["-created_at", "-pk"]
    # The generic views need a form class even though ReadOnlyPolicy refuses every edit.
    form_fields = ["reason"]


class SanctionViewSet(ModelViewSet):
    model = Sanction
    icon = "lock"
    menu_label = gettext_lazy("Sanctions")
    url_prefix = "moderation/sanctions"
    name = "moderation_sanctions"
    list_display = [
        Column("member", label=gettext_lazy("Member")),
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        DateColumn("created_at", label=gettext_lazy("From")),
        DateColumn("ends_at", label=gettext_lazy("Until")),
        DateColumn("lifted_at", label=gettext_lazy("Lifted")),
        Column("by", label=gettext_lazy("By")),
        Column("reason", label=gettext_lazy("Why")),
    ]
    list_filter = ["kind"]
    search_fields = ["member__username", "reason"]
    ordering = ["-created_at", "-pk"]
    form_fields = ["reason"]


class CannedReplyViewSet(ModelViewSet):
    model = CannedReply
    icon = "doc-full"
    menu_label = gettext_lazy("Canned replies")
    url_prefix = "moderation/canned-replies"
    name = "moderation_canned"
    list_display = ["title", "position"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("text_en"), FieldPanel("text_fr"), FieldPanel("position")],
        base_form_class=CannedReplyForm,
    )


class ModeratorScopeViewSet(ModelViewSet):
    model = ModeratorScope
    icon = "group"
    menu_label = gettext_lazy("Moderators' topics")
    url_prefix = "moderation/scopes"
    name = "moderation_scopes"
    list_display = ["user"]
    form_fields = ["user", "topics"]
