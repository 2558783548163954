"""Background work of the experts app that goes through its services (the emails are in
notify.py). Tasks take primary keys and are safe to run twice."""

from __future__ import annotations

from celery import shared_task

from community.models import Question

from .services import routing


@shared_task
def route_question(question_id: int) -> None:
    """Route a newly published question (safe to run twice: a routed question is left alone)."""
    question = Question.objects.filter(pk=question_id, is_public=True).first()
    if question is not None:
        routing.route_question(question)
