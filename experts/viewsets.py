"""The experts' part of the Wagtail admin: profiles and applications (with the community
manager's decisions), and the topics' default teams."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import MenuItem

from .forms import DepartForm, ExpertProfileAdminForm, OptionalReasonForm, ReasonForm
from .models import ExpertProfile, TopicTeam
from .permissions import can_verify
from .services import sections, verification


class ProfileIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if can_verify(self.request.user):
            buttons.insert(
                0,
                MenuItem(
                    _("Review and decide"),
                    url=reverse("experts_profiles:decide", args=[instance.pk]),
                    icon_name="tick",
                    priority=5,
                ),
            )
        return buttons


class DecideView(WagtailAdminTemplateMixin, TemplateView):
    """One application or profile with its history, and the decisions the community manager
    can take on it: verify, decline, suspend, reinstate, mark as departed, require review."""

    template_name = "experts/admin/decide.html"
    header_icon = "user"

    def dispatch(self, request, pk: int):
        if not can_verify(request.user):
            raise PermissionDenied
        self.profile = get_object_or_404(
            ExpertProfile.objects.select_related("user", "successor", "decided_by"), pk=pk
        )
        return super().dispatch(request, pk=pk)

    def get_page_title(self):
        return _("Expert profile")

    def get_page_subtitle(self):
        return self.profile.real_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("experts_profiles:index"), "label": _("Experts")},
            {"url": "", "label": self.profile.real_name},
        ]

    def forms(self, data=None, action=None):
        bound = lambda name: data if action == name else None  # noqa: E731
        return {
            "decline_form": ReasonForm(bound("decline"), prefix="decline"),
            "suspend_form": ReasonForm(bound("suspend"), prefix="suspend"),
            "depart_form": DepartForm(bound("depart"), prefix="depart", profile=self.profile),
            "verify_form": OptionalReasonForm(bound("verify"), prefix="verify"),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            profile=self.profile,
            events=self.profile.events.select_related("by__profile")[:50],
            own=self.profile.user_id == self.request.user.pk,
            edit_url=reverse("experts_profiles:edit", args=[self.profile.pk]),
            **kwargs.get("forms", self.forms()),
        )
        return context

    def post(self, request, pk: int):
        action = request.POST.get("action", "")
        forms = self.forms(request.POST, action)
        profile, by = self.profile, request.user
        try:
            if action == "verify":
                verification.verify(profile, by=by)
                messages.success(request, _("%(name)s is verified.") % {"name": profile.real_name})
            elif action == "decline" and forms["decline_form"].is_valid():
                verification.decline(
                    profile, by=by, reason=forms["decline_form"].cleaned_data["reason"]
                )
                messages.success(
                    request, _("The application is declined; the applicant is told why.")
                )
            elif action == "suspend" and forms["suspend_form"].is_valid():
                verification.suspend(
                    profile, by=by, reason=forms["suspend_form"].cleaned_data["reason"]
                )
                messages.success(request, _("The expert is suspended."))
            elif action == "depart" and forms["depart_form"].is_valid():
                data = forms["depart_form"].cleaned_data
                verification.depart(
                    profile, by=by, successor=data["successor"], reason=data["reason"]
                )
                messages.success(request, _("The expert is marked as departed."))
            elif action in ("review-on", "review-off"):
                sections.set_review(profile, required=action == "review-on", by=by)
                messages.success(request, _("The review setting of the section is saved."))
            else:
                return self.render_to_response(self.get_context_data(forms=forms), status=400)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
        return redirect("experts_profiles:decide", pk=profile.pk)


class ExpertProfileViewSet(ModelViewSet):
    model = ExpertProfile
    icon = "user"
    menu_label = gettext_lazy("Profiles and applications")
    url_prefix = "experts/profiles"
    name = "experts_profiles"
    index_view_class = ProfileIndexView
    list_display = [
        "real_name",
        "job_title",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        Column("state", label=gettext_lazy("State"), accessor="get_state_display"),
        "employee_evidence",
        "applied_at",
    ]
    list_filter = ["state", "kind", "away"]
    search_fields = ["real_name", "job_title", "department"]
    ordering = ["state", "-applied_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("real_name"), FieldPanel("job_title")]),
                    FieldPanel("department"),
                    FieldPanel("kind"),
                    FieldPanel("photo"),
                    FieldPanel("bio"),
                    FieldPanel("links"),
                ],
                heading=gettext_lazy("Identity"),
            ),
            MultiFieldPanel(
                [FieldPanel("topics"), FieldPanel("tags"), FieldPanel("away")],
                heading=gettext_lazy("Expertise and routing"),
            ),
            FieldPanel("motivation", read_only=True),
        ],
        base_form_class=ExpertProfileAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("decide/<int:pk>/", DecideView.as_view(), name="decide"),
        ]


class TopicTeamViewSet(ModelViewSet):
    model = TopicTeam
    icon = "group"
    menu_label = gettext_lazy("Topic teams")
    url_prefix = "experts/teams"
    name = "experts_teams"
    list_display = ["topic"]
    form_fields = ["topic", "experts"]


class ExpertsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Experts")
    menu_icon = "user"
    menu_order = 210
    items = (ExpertProfileViewSet, TopicTeamViewSet)
