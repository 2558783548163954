"""The listening part of the Wagtail admin: the community manager's dashboard with its CSV
downloads, the one click on a bad-buzz alert, and the voice-of-the-community report."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from moderation.permissions import can_manage_crisis, can_view_listening, check_view_listening

from . import buzz, dashboard, report
from .forms import AlertActionForm, ListeningFilterForm, ReportForm
from .models import BuzzAlert
from .rollups import local_day


class ListeningMixin(WagtailAdminTemplateMixin):
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        check_view_listening(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Listening")}]


def csv_download(filename: str, content: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ListeningView(ListeningMixin, TemplateView):
    """The community manager's dashboard: volumes, response times, shares, per topic, tag and
    expert, the funnel, authenticity and tone, from the daily roll-ups; the open bad-buzz
    alerts on top."""

    template_name = "moderation/listening/dashboard.html"
    page_title = gettext_lazy("Listening")

    def get(self, request, *args, **kwargs):
        today = local_day(timezone.now())
        data = request.GET.copy()
        # The fields show the range shown: the last 30 days unless chosen.
        data.setdefault("end", today.isoformat())
        data.setdefault("start", (today - timedelta(days=29)).isoformat())
        form = ListeningFilterForm(data, today=today)
        if form.is_valid():
            start, end, topic = (form.cleaned_data[k] for k in ("start", "end", "topic"))
        else:
            start, end, topic = today - timedelta(days=29), today, None
        built = dashboard.build(start, end, topic)
        wanted = request.GET.get("csv", "")
        if wanted:
            table = built["tables"].get(wanted)
            if table is None:
                raise Http404
            where = f"-{topic.slug}" if topic else ""
            return csv_download(
                f"agora-{table.key}{where}-{start}-{end}.csv",
                report.write_csv(table.csv_columns, table.raw),
            )
        query = request.GET.copy()
        query.pop("csv", None)
        alerts = list(buzz.open_alerts())
        last_week = report.last_complete("week", today)
        last_month = report.last_complete("month", today)
        context = self.get_context_data(
            form=form,
            start=start,
            end=end,
            topic=topic,
            query=query.urlencode(),
            alerts=[(a, AlertActionForm(initial=self.statement_of(a))) for a in alerts],
            reports=[
                (_("Last week"), "week", last_week),
                (_("Last month"), "month", last_month),
            ],
            can_manage_crisis=can_manage_crisis(request.user),
            **built,
        )
        return self.render_to_response(context, status=200 if form.is_valid() else 400)

    @staticmethod
    def statement_of(alert: BuzzAlert) -> dict:
        title, statement = buzz.default_statement(alert)
        return {"action": "crisis", "title": title, "statement": statement}


class AlertView(ListeningMixin, View):
    """One click on an alert: crisis mode for its topic, or dismiss it."""

    def post(self, request, pk: int):
        alert = get_object_or_404(BuzzAlert.objects.select_related("crisis_topic"), pk=pk)
        form = AlertActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose what to do with the alert."))
        elif not alert.is_open:
            messages.warning(request, _("Someone already dealt with this alert."))
        elif form.cleaned_data["action"] == "dismiss":
            buzz.dismiss(alert, by=request.user)
            messages.success(request, _("The alert is dismissed."))
        else:
            try:
                buzz.switch_to_crisis(
                    alert,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    statement=form.cleaned_data["statement"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                where = alert.crisis_topic.title if alert.crisis_topic_id else _("the whole hub")
                messages.success(request, _("Crisis mode is on for %(where)s.") % {"where": where})
                return redirect("moderation_crisis:index")
        return redirect("moderation_listening:index")


class ReportView(ListeningMixin, View):
    """The voice-of-the-community report of a week or a month, as a page to print or a CSV."""

    def get(self, request):
        form = ReportForm(request.GET)
        if not form.is_valid():
            return HttpResponse(_("Choose a period."), status=400, content_type="text/plain")
        kind = form.cleaned_data["period"] or "week"
        today = local_day(timezone.now())
        day = form.cleaned_data["day"]
        period = report.period_ending(kind, day) if day else report.last_complete(kind, today)
        found = report.build(period)
        if form.cleaned_data["format"] == "csv":
            return csv_download(f"agora-{kind}-{period.start}.csv", report.as_csv(found))
        query = request.GET.copy()
        query["format"] = "csv"
        return render(
            request,
            "moderation/listening/report.html",
            {"report": found, "for_email": False, "csv_query": query.urlencode()},
        )


class ListeningMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_listening(request.user)


class ListeningViewSet(ViewSet):
    icon = "view"
    menu_label = gettext_lazy("Listening")
    url_prefix = "moderation/listening"
    name = "moderation_listening"

    @property
    def menu_item_class(self):
        return ListeningMenuItem

    def get_urlpatterns(self):
        return [
            path("", ListeningView.as_view(), name="index"),
            path("alerts/<int:pk>/", AlertView.as_view(), name="alert"),
            path("report/", ReportView.as_view(), name="report"),
        ]
