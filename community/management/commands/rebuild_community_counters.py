"""Recompute every denormalised figure of the community from its source rows."""

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from community.models import Answer, Question
from community.services.counters import refresh_helpful_counts, refresh_question_counters

BATCH = 1000


def _batches(ids: list[int]):
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


class Command(BaseCommand):
    help = "Rebuild answer counts, brand-answer flags and helpful counts from their source rows."

    def handle(self, *args, **options):
        question_ids = list(Question.objects.order_by("pk").values_list("pk", flat=True))
        answer_ids = list(Answer.objects.order_by("pk").values_list("pk", flat=True))
        with tqdm(total=len(question_ids) + len(answer_ids), desc="posts", unit="post") as bar:
            for chunk in _batches(question_ids):
                with transaction.atomic():
                    refresh_question_counters(chunk)
                    refresh_helpful_counts(question_ids=chunk)
                bar.update(len(chunk))
            for chunk in _batches(answer_ids):
                with transaction.atomic():
                    refresh_helpful_counts(answer_ids=chunk)
                bar.update(len(chunk))
        self.stdout.write(self.style.SUCCESS("Community counters rebuilt."))
