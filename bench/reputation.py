"""Benchmark reputation: what one event costs, and a full rebuild of a large ledger.

    python bench/reputation.py [--events 1000000] [--members 100000] [--n 50]

One Python process with production settings (DEBUG off) on a fresh database (SQLite in a
temporary folder, or DATABASE_URL, whose reputation tables are emptied first).

1. Applying one event: a helpful vote through the service that members use (the vote, its
   ledger line, the caps, the level), N times; the SQL queries of each vote and the median
   time, first over an almost empty ledger (the baseline, same run), then over the large one.
2. A full rebuild (``manage.py rebuild_reputation``'s work: every member's points and level
   from the ledger alone, written back): 10 000 events for 1 000 members (baseline), then
   --events for --members, loaded with bulk inserts. Every standing starts at 0 points and
   level 0, so the rebuild rewrites them all (the worst case).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thread import setup_django  # noqa: E402 - bench/ is this script's folder


def reset():
    from django.core.management import call_command

    from community.models import GamingCase, LevelChange, ReputationEvent, Standing

    call_command("migrate", "--noinput", verbosity=0)
    ReputationEvent.objects.filter(reverses__isnull=False).delete()
    for model in (ReputationEvent, LevelChange, GamingCase, Standing):
        model.objects.all().delete()


def load(members: int, events: int, prefix: str) -> list[int]:
    """Bulk-load members (each with a standing) and a ledger of vote lines between them."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from community.models import ReputationEvent, Standing

    User = get_user_model()
    old = timezone.now() - timedelta(days=400)
    batch = 5000
    for start in range(0, members, batch):
        User.objects.bulk_create(
            [
                User(username=f"{prefix}{n}", email=f"{prefix}{n}@bench.example", date_joined=old)
                for n in range(start, min(start + batch, members))
            ]
        )
    ids = list(
        User.objects.filter(username__startswith=prefix).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), batch):
        Standing.objects.bulk_create(
            [Standing(user_id=u, approved_posts=1) for u in ids[start : start + batch]]
        )
    rng = random.Random(7)
    now = timezone.now()
    done = 0
    while done < events:
        size = min(20000, events - done)
        lines = []
        for n in range(size):
            user, actor = rng.choice(ids), rng.choice(ids)
            lines.append(
                ReputationEvent(
                    user_id=user,
                    actor_id=actor,
                    kind="vote_answer",
                    points=rng.choice((10, 10, 10, 5, 0)),
                    reason="awarded",
                    key=f"vote:{actor}:bench:{done + n}",
                    created_at=now - timedelta(minutes=rng.randrange(0, 60 * 24 * 365)),
                )
            )
        ReputationEvent.objects.bulk_create(lines, batch_size=5000)
        done += size
    return ids


def timed_rebuild(label: str, db: str) -> dict:
    from django.db import connection

    from community.models import ReputationEvent, Standing
    from community.reputation.rebuild import rebuild

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    members = Standing.objects.count()
    events = ReputationEvent.objects.count()
    started = time.perf_counter()
    changed = rebuild()
    seconds = time.perf_counter() - started
    again = rebuild()
    return {
        "what": "rebuild",
        "variant": label,
        "db": db,
        "members": members,
        "events": events,
        "seconds": round(seconds, 2),
        "members_per_second": round(members / seconds),
        "changed": changed,
        "second_rebuild_changed": {"points": again["points"], "levels": again["levels"]},
    }


def per_event(label: str, db: str, n: int) -> dict:
    """N helpful votes through the service, each by a new voter on one of 10 authors' answers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from community import services
    from demo.factories.community import AnswerFactory, QuestionFactory, mark_established
    from demo.factories.users import VerifiedUserFactory

    tag = f"{label}-{random.randrange(10**6)}"
    authors = [VerifiedUserFactory(username=f"a-{tag}-{k}") for k in range(10)]
    question = QuestionFactory(author=authors[0], title=f"Benchmark question {tag}")
    answers = [AnswerFactory(question=question, author=a) for a in authors]
    voters = [VerifiedUserFactory(username=f"v-{tag}-{k}") for k in range(n)]
    mark_established(*voters)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    get_user_model().objects.filter(pk__in=[v.pk for v in voters]).update(
        date_joined=timezone.now() - timedelta(days=60)
    )
    for v in voters:
        v.refresh_from_db()
    times, queries, slowest = [], [], (0.0, "")
    for k, voter in enumerate(voters):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            services.vote_helpful(answers[k % len(answers)], by=voter)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured.captured_queries))
        for query in captured.captured_queries:
            if float(query["time"]) > slowest[0]:
                slowest = (float(query["time"]), query["sql"][-400:])
    return {
        "what": "one event (a helpful vote)",
        "variant": label,
        "db": db,
        "n": n,
        "median_ms": round(statistics.median(times), 2),
        "queries_min": min(queries),
        "queries_max": max(queries),
        "slowest_query_ms": round(slowest[0] * 1000, 1),
        "slowest_query": slowest[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--n", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.conf import settings
        from django.db import connection

        settings.CELERY_TASK_ALWAYS_EAGER = True
        db = connection.vendor
        reset()
        results = [per_event("baseline: empty ledger", db, args.n)]
        load(1000, 10_000, "small-")
        results.append(timed_rebuild("baseline: 10 000 events, 1 000 members", db))
        started = time.perf_counter()
        load(args.members, args.events, "large-")
        loaded = round(time.perf_counter() - started, 1)
        results.append(
            timed_rebuild(f"{args.events} events, {args.members} members (load {loaded} s)", db)
        )
        results.append(per_event(f"ledger of {args.events} events", db, args.n))
    for row in results:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
