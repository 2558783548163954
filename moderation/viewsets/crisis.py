"""Crisis mode in the admin: switched on in one action for a topic or the whole hub, the crises
on now and before, each switched off in one click (the community manager's only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from moderation.crisis import end_crisis, start_crisis
from moderation.forms import CrisisForm
from moderation.models import CrisisMode
from moderation.permissions import can_manage_crisis


class CrisisView(WagtailAdminTemplateMixin, TemplateView):
    """Crisis mode in one action, per topic or for the whole hub; the crises on now and
    before, each switched off in one click."""

    template_name = "moderation/admin/crisis.html"
    page_title = gettext_lazy("Crisis mode")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_crisis(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Crisis mode")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {}
        if self.request.GET.get("topic", "").isdigit():
            initial["topic"] = int(self.request.GET["topic"])
        context.update(
            form=kwargs.get("form") or CrisisForm(initial=initial),
            active=CrisisMode.objects.filter(active=True).select_related("topic", "started_by"),
            past=CrisisMode.objects.filter(active=False).select_related(
                "topic", "started_by", "ended_by"
            )[:20],
        )
        return context

    def post(self, request):
        if "end" in request.POST:
            crisis = get_object_or_404(CrisisMode, pk=request.POST.get("end") or 0)
            if end_crisis(crisis, by=request.user):
                messages.success(request, _("Crisis mode is off."))
            return redirect("moderation_crisis:index")
        form = CrisisForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                start_crisis(by=request.user, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Crisis mode is on."))
                return redirect("moderation_crisis:index")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CrisisMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_crisis(request.user)


class CrisisViewSet(ViewSet):
    icon = "warning"
    menu_label = gettext_lazy("Crisis mode")
    url_prefix = "moderation/crisis"
    name = "moderation_crisis"

    @property
    def menu_item_class(self):
        return CrisisMenuItem

    def get_urlpatterns(self):
        return [path("", CrisisView.as_view(), name="index")]
