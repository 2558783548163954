"""Recompute the listening dashboard's daily roll-ups from the posts."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from moderation.listening import rollups


class Command(BaseCommand):
    help = (
        "Read the tone of posts that have none yet, then recompute every day's figures from the "
        "posts. After the hourly roll-ups, the rows come out the same."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-tones", action="store_true", help="Do not read the tone of unread posts."
        )

    def handle(self, *args, skip_tones: bool = False, **options):
        if not skip_tones:
            with tqdm(desc="tones", unit="post") as bar:
                read = rollups.score_unread(progress=bar.update)
            self.stdout.write(f"Read the tone of {read} posts.")
        rows = rollups.rebuild(progress=lambda days: tqdm(days, desc="days", unit="day"))
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {rows} rows of daily figures."))
