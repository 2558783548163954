"""Reputation pages: a member's points history with the reason of every line (for the member and
the community team only), and the leaderboard of who helped most.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.permissions import can_view_points
from community.reputation import boards
from community.reputation.ledger import history, reason_text
from community.reputation.levels import progress

User = get_user_model()


@require_GET
def member_points(request, username: str):
    """A member's whole points history, with the reason of every line: for the member and the
    community team only."""
    member = get_object_or_404(User.objects.select_related("profile"), username=username)
    if not can_view_points(request.user, member):
        raise Http404
    page = Paginator(history(member), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "community/member_points.html",
        {
            "member": member,
            "page_obj": page,
            "lines": [(line, reason_text(line)) for line in page.object_list],
            "progress": progress(member),
        },
    )


@require_GET
def leaderboard(request):
    """Who helped most this week, this month and ever (staff and brand voices excluded)."""
    period = request.GET.get("period", "month")
    if period not in boards.PERIODS:
        period = "month"
    return render(
        request,
        "community/leaderboard.html",
        {
            "period": period,
            "periods": [
                ("week", _("This week")),
                ("month", _("This month")),
                ("all", _("All time")),
            ],
            "rows": boards.leaderboard(period, limit=50),
        },
    )
