"""Recompute every member's points and level from the reputation ledger."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from community.models import ReputationEvent, Standing
from community.reputation.rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Recompute every member's points and level from the reputation ledger alone. After "
        "incremental updates, nothing changes; a difference is reported and fixed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--notify",
            action="store_true",
            help="Tell members whose level changes (off by default: a rebuild is a repair).",
        )

    def handle(self, *args, notify: bool = False, **options):
        total = Standing.objects.count()
        events = ReputationEvent.objects.count()
        self.stdout.write(f"{events} ledger lines, {total} members with a standing.")
        with tqdm(total=total, desc="members", unit="member") as bar:
            changed = rebuild(progress=bar.update, notify=notify)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {changed['members']} members: {changed['points']} points and "
                f"{changed['levels']} levels differed from the ledger."
            )
        )
