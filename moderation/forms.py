"""Forms of the moderation workbench. Reasons are shown to members and in emails: they are
plain text (escaped where shown), without control characters, and bounded."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from community.forms import strip_controls
from community.models import Question, TopicPage

from .models import CannedReply, QueueItem

User = get_user_model()
MAX_REASON = 2000


class ActionForm(forms.Form):
    """One action on one item (or on many, in bulk)."""

    action = forms.ChoiceField(label=_("Action"))
    canned = forms.ModelChoiceField(
        label=_("Canned reply"), queryset=CannedReply.objects.all(), required=False
    )
    reason = forms.CharField(
        label=_("Reason (sent to the member when the action tells them)"),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REASON}),
    )
    topic = forms.ModelChoiceField(
        label=_("Move to topic"), queryset=TopicPage.objects.none(), required=False
    )
    into = forms.IntegerField(label=_("Merge into question number"), required=False, min_value=1)

    NEEDS_REASON = {"reject", "warn", "suspend", "ban"}

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions
        self.fields["topic"].queryset = TopicPage.objects.live().order_by("path")
        # Only the fields some offered action uses (an application or a candidate is not moved).
        codes = {code for code, _label in actions}
        if "move" not in codes:
            del self.fields["topic"]
        if "merge" not in codes:
            del self.fields["into"]

    def clean_reason(self) -> str:
        return strip_controls(self.cleaned_data["reason"]).strip()

    def clean_into(self):
        pk = self.cleaned_data.get("into")
        if pk is None:
            return None
        question = Question.objects.filter(pk=pk, is_public=True).first()
        if question is None:
            raise forms.ValidationError(_("There is no published question with this number."))
        return question

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in self.NEEDS_REASON and not (data.get("reason") or data.get("canned")):
            self.add_error("reason", _("Give a reason or choose a canned reply."))
        if action == "move" and not data.get("topic"):
            self.add_error("topic", _("Choose the topic to move the question to."))
        if action == "merge" and not data.get("into"):
            self.add_error("into", _("Give the number of the original question."))
        return data


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (release the item)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            User.objects.filter(is_active=True)
            .filter(
                groups__permissions__codename="moderate_posts",
                groups__permissions__content_type__app_label="community",
            )
            .distinct()
            .order_by("username")
        )


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *QueueItem.Kind.choices]
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=TopicPage.objects.none(),
        required=False,
        empty_label=_("All topics"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("open", _("Open")), ("resolved", _("Resolved")), ("all", _("All"))],
    )
    assignee = forms.ChoiceField(
        label=_("Assignee"),
        required=False,
        choices=[
            ("", _("Anyone")),
            ("me", _("My items")),
            ("none", _("Unassigned")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = TopicPage.objects.live().order_by("path")


class CannedReplyForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        for name in ("title", "text_en", "text_fr"):
            if data.get(name):
                data[name] = strip_controls(data[name]).strip()
        return data


class CrisisForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=TopicPage.objects.none(),
        required=False,
        empty_label=_("The whole hub"),
    )
    title = forms.CharField(label=_("Statement title"), max_length=160)
    statement = forms.CharField(
        label=_("Official statement (shown on every affected page)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 3000}),
    )
    slow_factor = forms.IntegerField(
        label=_("Slow mode: multiply the waits between posts by"),
        min_value=1,
        max_value=100,
        initial=4,
    )
    premoderate = forms.BooleanField(
        label=_("Every new post waits for a moderator"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = TopicPage.objects.live().order_by("path")

    def clean_title(self) -> str:
        return strip_controls(self.cleaned_data["title"]).strip()

    def clean_statement(self) -> str:
        return strip_controls(self.cleaned_data["statement"]).strip()


class EditorialPickForm(WagtailAdminModelForm):
    """The question is typed as its number: a hub has far too many for a list."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "question" in self.fields:
            self.fields["question"].widget = forms.NumberInput()
            self.fields["question"].queryset = Question.objects.filter(is_public=True)
            self.fields["question"].help_text = _("The number in the question's address.")

    def clean(self):
        data = super().clean()
        if bool(data.get("question")) == bool(data.get("page")):
            raise forms.ValidationError(_("Choose either a question or an article."))
        if data.get("blurb"):
            data["blurb"] = strip_controls(data["blurb"]).strip()
        return data
