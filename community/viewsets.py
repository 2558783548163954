"""The reputation pages of the Wagtail admin: the community manager reads how authentic the
engagement is, the member funnel, the leaderboards and what the anti-gaming job caught, looks
up a member's ledger, and revokes an ambassador."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .forms import RevokeForm
from .models import GamingCase, LevelChange
from .permissions import can_manage_ambassadors, can_view_reputation
from .reputation import ambassadors, boards, ledger, levels

User = get_user_model()


class ReputationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_reputation(request.user)


class ReputationMixin(WagtailAdminTemplateMixin):
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reputation(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OverviewView(ReputationMixin, TemplateView):
    template_name = "community/admin/reputation.html"
    page_title = gettext_lazy("Reputation")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Reputation")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # NUL and other control characters cannot be part of a username (nor of a query).
        query = "".join(c for c in self.request.GET.get("member", "") if c.isprintable())
        query = query.strip()[:150]
        found = (
            list(
                User.objects.filter(username__icontains=query)
                .select_related("profile", "standing")
                .order_by("username")[:20]
            )
            if query
            else []
        )
        hub = boards.authenticity()
        context.update(
            authenticity=hub,
            share=round(hub["share"] * 100) if hub["share"] is not None else None,
            funnel=boards.funnel(),
            stages=boards.FUNNEL_STAGES,
            boards=[
                (_("This week"), boards.leaderboard("week", limit=10)),
                (_("This month"), boards.leaderboard("month", limit=10)),
                (_("All time"), boards.leaderboard("all", limit=10)),
            ],
            cases=GamingCase.objects.prefetch_related("members")[:20],
            ambassadors=User.objects.filter(standing__ambassador_since__isnull=False)
            .select_related("profile", "standing")
            .order_by("standing__ambassador_since"),
            query=query,
            found=found,
        )
        return context


class MemberView(ReputationMixin, TemplateView):
    template_name = "community/admin/reputation_member.html"

    def dispatch(self, request, pk: int):
        self.member = get_object_or_404(User.objects.select_related("profile"), pk=pk)
        return super().dispatch(request, pk=pk)

    def get_page_title(self):
        return _("Reputation of %(name)s") % {"name": self.member.profile.name}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("reputation:index"), "label": _("Reputation")},
            {"url": "", "label": self.member.profile.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        member = self.member
        share = boards.authenticity(member.pk)
        lines = ledger.history(member).select_related("actor")[:100]
        context.update(
            member=member,
            progress=levels.progress(member),
            authenticity=share,
            share=round(share["share"] * 100) if share["share"] is not None else None,
            lines=[(line, ledger.reason_text(line)) for line in lines],
            changes=LevelChange.objects.filter(user=member).select_related("by")[:30],
            can_revoke=can_manage_ambassadors(self.request.user),
            revoke_form=kwargs.get("revoke_form") or RevokeForm(),
        )
        return context

    def post(self, request, pk: int):
        form = RevokeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(revoke_form=form), status=400)
        try:
            done = ambassadors.revoke_ambassador(
                self.member, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("reputation:member", pk=pk)
        if done:
            messages.success(request, _("The ambassador role is revoked; the member is told why."))
        else:
            messages.warning(request, _("This member is not an ambassador."))
        return redirect("reputation:member", pk=pk)


class ReputationViewSet(ViewSet):
    icon = "pick"
    menu_label = gettext_lazy("Reputation")
    menu_order = 160
    url_prefix = "reputation"
    name = "reputation"
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return ReputationMenuItem

    def get_urlpatterns(self):
        return [
            path("", OverviewView.as_view(), name="index"),
            path("members/<int:pk>/", MemberView.as_view(), name="member"),
        ]
