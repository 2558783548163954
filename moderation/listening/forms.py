"""Forms of the listening dashboard: its filters, the one click on a bad-buzz alert, and the
choice of a report. Statements are shown on every affected page: plain text, without control
characters, and bounded."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from community.forms import strip_controls
from community.models import TopicPage


class ListeningFilterForm(forms.Form):
    """The dashboard's filters: a date range (the last 30 days unless chosen) and a topic."""

    MAX_DAYS = 3 * 366

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=TopicPage.objects.none(),
        required=False,
        empty_label=_("All topics"),
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["topic"].queryset = TopicPage.objects.live().order_by("path")

    def clean(self):
        data = super().clean()
        end = data.get("end") or self.today
        start = data.get("start") or end - timedelta(days=29)
        if start > end:
            raise forms.ValidationError(_("The start of the range comes after its end."))
        if (end - start).days >= self.MAX_DAYS:
            raise forms.ValidationError(_("Choose a range of three years at most."))
        data["start"], data["end"] = start, end
        return data


class AlertActionForm(forms.Form):
    """Crisis mode from an alert: the statement is written for the community manager, who may
    change it before the one click."""

    action = forms.ChoiceField(
        choices=[("crisis", _("Switch to crisis mode")), ("dismiss", _("Dismiss the alert"))]
    )
    title = forms.CharField(label=_("Statement title"), max_length=160, required=False)
    statement = forms.CharField(
        label=_("Official statement (shown on every affected page)"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 3000}),
    )

    def clean_title(self) -> str:
        return strip_controls(self.cleaned_data["title"]).strip()

    def clean_statement(self) -> str:
        return strip_controls(self.cleaned_data["statement"]).strip()


class ReportForm(forms.Form):
    period = forms.ChoiceField(
        choices=[("week", _("Weekly")), ("month", _("Monthly"))], required=False
    )
    day = forms.DateField(required=False)
    format = forms.ChoiceField(choices=[("html", "HTML"), ("csv", "CSV")], required=False)
