"""Public views of the moderation app: escalating a thread to customer support, and the
signed webhook through which the support system reports back."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from community import queries
from community.forms import strip_controls
from community.models import Question

from . import support
from .signing import HEADER, BadSignature, verify

MAX_WEBHOOK_BYTES = 64 * 1024


class EscalateForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("What customer support needs to know"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
    )

    def clean_summary(self) -> str:
        return strip_controls(self.cleaned_data["summary"]).strip()


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request, pk: int):
    try:
        question = queries.get_question_for(request.user, pk)
    except Question.DoesNotExist:
        raise Http404 from None
    if not support.can_escalate(request.user, question):
        raise PermissionDenied(_("Only moderators and experts can escalate a thread."))
    form = EscalateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _case, created = support.escalate(
                question, by=request.user, summary=form.cleaned_data["summary"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The thread is sent to customer support.")
                if created
                else _("This thread already has an open support case."),
            )
            return redirect(question.get_absolute_url())
    return render(
        request,
        "moderation/escalate.html",
        {
            "question": question,
            "form": form,
            "configured": support.escalation_configured(),
            "cases": question.support_cases.all()[:10],
        },
        status=400 if request.method == "POST" else 200,
    )


@csrf_exempt
@require_POST
def support_webhook(request):
    """Status updates from the support system. Unsigned, badly signed, stale or replayed
    requests are refused without changing anything."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"error": "too large"}, status=413)
    body = request.body
    try:
        verify(body, request.headers.get(HEADER, ""), settings.AGORA_SUPPORT_INBOUND_SECRET)
    except BadSignature as error:
        return JsonResponse({"error": str(error)}, status=403)
    try:
        payload = json.loads(body)
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"error": "invalid JSON"}, status=400)
    try:
        case = support.receive_update(payload)
    except ValidationError as error:
        status = 409 if "replayed" in " ".join(error.messages) else 400
        return JsonResponse({"error": " ".join(error.messages)}, status=status)
    return JsonResponse({"ok": True, "case": str(case.key), "state": case.state})
