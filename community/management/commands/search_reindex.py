"""Rebuild the search index of questions and answers from the database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.search.backends import get_search_backend

from community.models import Answer, Question
from community.search import elastic

BATCH = 500


class Command(BaseCommand):
    help = "Rebuild the search index of questions and answers (Elasticsearch when configured)."

    def handle(self, *args, **options):
        self.rebuild_database_index()
        if not settings.ELASTICSEARCH_URL:
            return
        questions = Question.objects.filter(is_public=True).order_by("pk")
        total = questions.count()
        try:
            with tqdm(total=total, desc="questions", unit="q") as bar:
                done = elastic.reindex(questions, progress=bar.update)
        except elastic.UNAVAILABLE as exc:
            raise CommandError(f"Elasticsearch is unreachable: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {done} questions in {elastic.index_name()}.")
        )

    def rebuild_database_index(self) -> None:
        """The database engine's index (Wagtail's), which is also the fallback."""
        backend = get_search_backend()
        for model in (Question, Answer):
            index = backend.get_index_for_model(model)
            index.add_model(model)
            rows = model.objects.order_by("pk")
            with tqdm(total=rows.count(), desc=model._meta.verbose_name_plural, unit="post") as bar:
                for start in range(0, bar.total, BATCH):
                    chunk = list(rows[start : start + BATCH])
                    index.add_items(model, chunk)
                    bar.update(len(chunk))
        self.stdout.write(self.style.SUCCESS("Database search index rebuilt."))
