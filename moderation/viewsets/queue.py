"""The moderation queue in the admin: the listing, highest priority first, with its filters and
bulk actions over the items ticked (past a page of them, done by a worker), and one item with
its content in its thread, the author's history, the flaggers' record and the actions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_comments_xtd.models import XtdComment
from wagtail.admin import messages
from wagtail.admin.viewsets.base import ViewSet

from community.models import Answer, Comment, Flag, GamingCase, Question, Standing
from hub.tasks import enqueue
from moderation import tasks
from moderation.actions import act, act_in_bulk
from moderation.curation import can_curate
from moderation.forms import ActionForm, AssignForm, QueueFilterForm
from moderation.models import AuditEntry, BuzzAlert, QueueItem, Sanction
from moderation.permissions import can_act_on, can_sanction, can_work_queue, visible_items
from moderation.queue import assign, claim
from moderation.sanctions import lift

from .base import PER_PAGE, CappedPaginator, QueueMenuItem, QueueMixin, listing_query

BULK_LIMIT = 1000  # items one bulk action reaches
POST_ACTIONS = [
    ("approve", gettext_lazy("Approve")),
    ("approve_watch", gettext_lazy("Approve and keep watching the author")),
    ("reject", gettext_lazy("Reject (the author is told why)")),
    ("hide", gettext_lazy("Hide")),
    ("dismiss", gettext_lazy("Dismiss the flags (the post stays)")),
    ("lock", gettext_lazy("Lock the thread")),
    ("unlock", gettext_lazy("Unlock the thread")),
    ("pin", gettext_lazy("Pin the question")),
    ("feature", gettext_lazy("Feature the question on the home page")),
    ("unpin", gettext_lazy("Unpin the question")),
    ("move", gettext_lazy("Move the question to another topic")),
    ("merge", gettext_lazy("Merge this duplicate into its original")),
    ("warn", gettext_lazy("Warn the author")),
    ("suspend", gettext_lazy("Suspend the author (next step: 1, 3, 7, 30 days)")),
    ("ban", gettext_lazy("Ban the author and remove the post")),
]
# Every action but merging (each duplicate has its own original); items an action does not
# fit, or that the moderator may not act on, are skipped and counted.
BULK_ACTIONS = [a for a in POST_ACTIONS if a[0] != "merge"]


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


def actions_for(item: QueueItem, user) -> list[tuple[str, str]]:
    target_model = item.content_type.model_class()
    if target_model in (Question, Answer, Comment):
        actions = POST_ACTIONS
        if target_model is not Question:
            actions = [a for a in actions if a[0] not in ("merge", "feature")]
        elif not can_curate(user):
            actions = [a for a in actions if a[0] != "feature"]
        severe = not can_sanction(user, severe=True)
        return [a for a in actions if not (severe and a[0] in ("suspend", "ban"))]
    if target_model is XtdComment:
        return [a for a in POST_ACTIONS if a[0] in ("approve", "approve_watch", "reject")]
    if target_model is Standing:
        return [
            ("approve", _("Promote to ambassador (badge, email, home page)")),
            ("reject", _("Decline for now")),
        ]
    if target_model is BuzzAlert:
        return []  # acted on from the listening dashboard (crisis mode or dismiss)
    if target_model is GamingCase:
        return [
            ("reject", _("Confirm: these accounts' votes lose their points")),
            ("dismiss", _("Dismiss: not sock puppets")),
        ]
    return [
        ("approve", _("Verify the expert")),
        ("reject", _("Decline (the applicant is told why)")),
    ]


class QueueIndexView(QueueMixin, TemplateView):
    """The queue: highest priority first, filtered by type, topic, state and assignee, with
    bulk actions over the items ticked."""

    template_name = "moderation/admin/queue.html"
    page_title = gettext_lazy("Moderation queue")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Moderation queue")}]

    def items(self, filters: QueueFilterForm):
        items = visible_items(self.request.user)
        data = filters.cleaned_data if filters.is_valid() else {}
        state = data.get("state") or "open"
        if state != "all":
            items = items.filter(state=state)
        if data.get("kind"):
            items = items.filter(kind=data["kind"])
        if data.get("topic"):
            items = items.filter(topic=data["topic"])
        if data.get("assignee") == "me":
            items = items.filter(assignee=self.request.user)
        elif data.get("assignee") == "none":
            items = items.filter(assignee__isnull=True)
        order = ("priority_at", "pk") if state == "open" else ("-updated_at", "-pk")
        return items.select_related("topic", "assignee", "author__profile").order_by(*order)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = QueueFilterForm(self.request.GET or None)
        page = CappedPaginator(self.items(filters), PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(
            filters=filters,
            page_obj=page,
            items=page.object_list,
            bulk_form=kwargs.get("bulk_form") or ActionForm(actions=BULK_ACTIONS, prefix="bulk"),
            query=listing_query(self.request.GET),
            total=min(page.paginator.count, CappedPaginator.CAP),
            capped=page.paginator.capped,
            bulk_limit=BULK_LIMIT,
        )
        return context

    def post(self, request):
        """Bulk: one action over the ticked items."""
        form = ActionForm(request.POST, actions=BULK_ACTIONS, prefix="bulk")
        if request.POST.get("all_matching"):
            # Every open item the filters show (the form carries them), most urgent first.
            filters = QueueFilterForm(QueryDict(request.POST.get("query", "")))
            matching = self.items(filters).filter(state=QueueItem.State.OPEN)
            ids = list(matching.values_list("pk", flat=True)[:BULK_LIMIT])
        else:
            ids = [int(i) for i in request.POST.getlist("item") if i.isdigit()][:BULK_LIMIT]
        if not ids:
            messages.error(request, _("Tick the items to act on first."))
            return redirect(self._back())
        if not form.is_valid():
            messages.error(request, _("The bulk action could not be applied: check the reason."))
            return redirect(self._back())
        data = form.cleaned_data
        mine = list(visible_items(request.user).filter(pk__in=ids).values_list("pk", flat=True))
        if len(mine) > PER_PAGE:
            # More than a page: done by a worker, so the page answers at once.
            enqueue(
                tasks.act_on_items,
                mine,
                data["action"],
                request.user.pk,
                data["reason"],
                data["canned"].pk if data["canned"] else None,
                data["topic"].pk if data["topic"] else None,
            )
            messages.success(
                request,
                _(
                    "The action is being applied to %(count)d items in the background: "
                    "each one appears in the audit log as it is done."
                )
                % {"count": len(mine)},
            )
            return redirect(self._back())
        outcome = act_in_bulk(
            mine,
            data["action"],
            by=request.user,
            reason=data["reason"],
            canned=data["canned"],
            topic=data["topic"],
        )
        skipped = outcome.skipped + len(ids) - len(mine)
        messages.success(
            request,
            _(
                "%(done)d items done, %(skipped)d skipped (already dealt with, or not for this action)."
            )
            % {"done": outcome.done, "skipped": skipped},
        )
        return redirect(self._back())

    def _back(self) -> str:
        query = self.request.POST.get("query", "")
        return reverse("moderation_queue:index") + (f"?{query}" if query else "")


class ItemView(QueueMixin, TemplateView):
    """One item: the content in its thread, the author's history, the flaggers' record, and
    the actions."""

    template_name = "moderation/admin/item.html"

    def dispatch(self, request, pk: int):
        if not can_work_queue(request.user):
            raise PermissionDenied
        self.item = get_object_or_404(
            QueueItem.objects.select_related("topic", "assignee", "author__profile", "question"),
            pk=pk,
        )
        if not can_act_on(request.user, self.item):
            raise Http404
        return super().dispatch(request, pk=pk)

    def get_page_title(self):
        return self.item.get_kind_display()

    def get_page_subtitle(self):
        return self.item.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("moderation_queue:index"), "label": _("Moderation queue")},
            {"url": "", "label": self.item.title[:60] or str(self.item.pk)},
        ]

    def action_form(self, data=None):
        return ActionForm(data, actions=actions_for(self.item, self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, target = self.item, self.item.target
        context.update(
            item=item,
            target=target,
            is_post=isinstance(target, (Question, Answer, Comment)),
            question=item.question,
            action_form=kwargs.get("action_form") or self.action_form(),
            assign_form=AssignForm(initial={"assignee": item.assignee_id}),
            flags=self.flags(target),
            history=self.author_history(item.author),
            log=AuditEntry.objects.filter(
                content_type=item.content_type, object_id=item.object_id
            ).select_related("actor")[:30],
            edit_url=self.edit_url(target),
        )
        return context

    @staticmethod
    def edit_url(target) -> str:
        if isinstance(target, Question):
            return reverse("community:question-edit", args=[target.pk])
        if isinstance(target, Answer):
            return reverse("community:answer-edit", args=[target.question_id, target.pk])
        if isinstance(target, Comment):
            return reverse("community:comment-edit", args=[target.question_id, target.pk])
        return ""

    @staticmethod
    def flags(target) -> list:
        if not isinstance(target, (Question, Answer, Comment)):
            return []
        kind = type(target).__name__.lower()
        flags = list(
            Flag.objects.filter(target=f"{kind}:{target.pk}").select_related("flagger__profile")
        )
        records = {
            row["flagger"]: row
            for row in Flag.objects.filter(flagger__in=[f.flagger_id for f in flags])
            .values("flagger")
            .annotate(
                upheld=Count("pk", filter=Q(outcome="upheld")),
                dismissed=Count("pk", filter=Q(outcome="dismissed")),
                total=Count("pk"),
            )
        }
        for flag in flags:
            flag.record = records.get(flag.flagger_id, {})
        return flags

    @staticmethod
    def author_history(author) -> dict | None:
        if author is None:
            return None
        flags = dict(
            Flag.objects.filter(author=author).values_list("outcome").annotate(n=Count("pk"))
        )
        standing = Standing.objects.filter(user=author).first()
        return {
            "member": author,
            "level": standing.level if standing else 0,
            "approved_posts": standing.approved_posts if standing else 0,
            "questions": Question.objects.filter(author=author).count(),
            "answers": Answer.objects.filter(author=author).count(),
            "flags_upheld": flags.get("upheld", 0),
            "flags_dismissed": flags.get("dismissed", 0),
            "flags_open": flags.get("open", 0),
            "sanctions": list(Sanction.objects.filter(member=author).select_related("by")[:20]),
        }

    def post(self, request, pk: int):
        item, by = self.item, request.user
        try:
            if "claim" in request.POST:
                if claim(item, by=by):
                    messages.success(request, _("The item is yours."))
                else:
                    messages.warning(request, _("Someone else holds this item, or it is resolved."))
                return redirect("moderation_queue:item", pk=item.pk)
            if "lift" in request.POST:
                sanction = get_object_or_404(
                    Sanction, pk=_int(request.POST["lift"]), member_id=item.author_id
                )
                if lift(sanction, by=by):
                    messages.success(request, _("The sanction is lifted."))
                else:
                    messages.warning(request, _("This sanction had already ended."))
                return redirect("moderation_queue:item", pk=item.pk)
            if "assign" in request.POST:
                form = AssignForm(request.POST)
                if form.is_valid():
                    assign(item, to=form.cleaned_data["assignee"], by=by)
                    messages.success(request, _("The assignment is saved."))
                return redirect("moderation_queue:item", pk=item.pk)
            form = self.action_form(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(action_form=form), status=400)
            data = form.cleaned_data
            outcome = act(
                item,
                data["action"],
                by=by,
                reason=data["reason"],
                canned=data["canned"],
                topic=data.get("topic"),
                into=data.get("into"),
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", None) or [str(error)]))
            return redirect("moderation_queue:item", pk=item.pk)
        (messages.success if outcome.done else messages.warning)(request, outcome.message)
        if outcome.done and not QueueItem.objects.filter(pk=item.pk, state="open").exists():
            return redirect("moderation_queue:index")
        return redirect("moderation_queue:item", pk=item.pk)


class QueueViewSet(ViewSet):
    icon = "warning"
    menu_label = gettext_lazy("Queue")
    url_prefix = "moderation/queue"
    name = "moderation_queue"
    add_to_admin_menu = False

    @property
    def menu_item_class(self):
        return QueueMenuItem

    def get_urlpatterns(self):
        return [
            path("", QueueIndexView.as_view(), name="index"),
            path("<int:pk>/", ItemView.as_view(), name="item"),
        ]
