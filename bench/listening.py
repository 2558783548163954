"""Benchmark the listening dashboard with a million posts, and the roll-ups behind it.

    python bench/listening.py [--posts 1000000] [--n 10]

Measured the way bench/moderation_queue.py measures the queue: one Python process with
production settings (DEBUG off) on a fresh database (SQLite in a temporary folder, or
DATABASE_URL), Django's test client signed in as the demo community manager (password and TOTP),
2 warm-up GETs then N timed GETs (median, min, max) and the SQL of one more GET.

The baseline, measured in the same run, is the dashboard over the demo's own content (a few
hundred posts). Then ``seed_demo --posts N`` loads a year of history, and the run times:
the full rebuild of the roll-ups (every day from the first post), the hourly incremental run
after a day's worth of thread changes, the dashboard over 30 days, 365 days and one topic, its
CSV download, the bad-buzz check and the monthly report.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thread import setup_django, timed_gets  # noqa: E402 - bench/ is this script's folder

URL = "/admin/moderation/listening/"


def seed(posts: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from demo.management.commands.seed_demo import (
        Command as SeedDemo,  # production settings: no demo app
    )

    settings.AGORA_ALLOW_DEMO = True  # a throwaway benchmark database, never a deployment
    call_command(SeedDemo(), "--quiet", "--posts", str(posts))


def cm_client():
    from django.conf import settings
    from django.test import Client

    from tests.helpers import current_totp

    for _attempt in range(2):
        client = Client()
        client.post(
            "/accounts/login/", {"login": "cm@demo.example", "password": settings.DEMO_PASSWORD}
        )
        client.post(
            "/accounts/2fa/authenticate/", {"code": current_totp(settings.DEMO_TOTP_SECRET)}
        )
        if client.get(URL).status_code == 200:
            return client
        time.sleep(31 - time.time() % 30)  # a code is good once: wait for the next one
    raise SystemExit("The demo community manager could not open the dashboard.")


def posts_count() -> int:
    from community.models import Answer, Comment, Question

    return sum(m.objects.count() for m in (Question, Answer, Comment))


def dashboard(variant: str, client, query: str, n: int, db: str) -> dict:
    status = client.get(URL + query).status_code
    if status != 200:
        raise SystemExit(f"{variant}: status {status}")
    times, response, queries = timed_gets(client, URL + query, n)
    return report_row(
        {
            "bench": "listening-dashboard",
            "db": db,
            "variant": variant,
            "posts": posts_count(),
            "median_ms": round(statistics.median(times), 2),
            "min_ms": round(min(times), 2),
            "max_ms": round(max(times), 2),
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
        }
    )


def report_row(row: dict) -> dict:
    """Printed as soon as measured: a long run that stops later keeps what it measured."""
    print(json.dumps(row), flush=True)
    return row


def timed(variant: str, action, db: str) -> dict:
    start = time.perf_counter()
    result = action()
    return report_row(
        {
            "bench": "listening-job",
            "db": db,
            "variant": variant,
            "posts": posts_count(),
            "seconds": round(time.perf_counter() - start, 2),
            "result": result if isinstance(result, int) else len(result or ()),
        }
    )


def a_days_changes(count: int = 300) -> None:
    """What a busy day does to old threads: answers and acceptances on questions of the last
    weeks, through the services (so their days are marked as they would be)."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from community import services
    from community.models import Question

    User = get_user_model()
    authors = list(User.objects.filter(username__startswith="listener")[:10])
    since = timezone.now() - timedelta(days=30)
    questions = Question.objects.filter(created_at__gte=since, is_public=True).order_by("pk")[
        :count
    ]
    for n, question in enumerate(questions):
        services.post_answer(
            question, author=authors[n % len(authors)], body="Same here, restarting helped."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000, help="posts of history")
    parser.add_argument("--n", type=int, default=10, help="timed GETs per variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agora-listening-bench-") as tmp:
        setup_django(Path(tmp))
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from community.models import TopicPage
        from moderation.listening import buzz, report, rollups

        db = connection.vendor
        call_command("migrate", "--noinput", verbosity=0)
        seed()
        call_command("collectstatic", "--noinput", verbosity=0)
        client = cm_client()
        results = [dashboard("baseline-demo-30-days", client, "", args.n, db)]
        results.append(timed("baseline-rebuild", rollups.rebuild, db))

        start = time.perf_counter()
        seed(args.posts)
        print(f"loaded {args.posts} posts in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        client = cm_client()  # seed_demo set the demo passwords again: sign in again
        results.append(timed("rebuild-all-days", rollups.rebuild, db))
        a_days_changes()
        results.append(timed("hourly-after-300-changes", rollups.roll_up, db))
        results.append(timed("hourly-nothing-changed", rollups.roll_up, db))
        results.append(timed("buzz-check", buzz.detect, db))
        today = rollups.local_day(timezone.now())
        period = report.last_complete("month", today)
        results.append(timed("monthly-report", lambda: report.build(period)["themes"], db))
        topic = TopicPage.objects.live().order_by("path").first()
        start_year = today.replace(year=today.year - 1)
        for variant, query in (
            ("dashboard-30-days", ""),
            ("dashboard-365-days", f"?start={start_year}&end={today}"),
            ("dashboard-topic-365-days", f"?start={start_year}&end={today}&topic={topic.pk}"),
            ("csv-topics-365-days", f"?start={start_year}&end={today}&csv=topics"),
        ):
            results.append(dashboard(variant, client, query, args.n, db))
        base = results[0]["median_ms"]
        print(
            f"\n{'dashboard':<28}{'posts':>9}{'median ms':>11}{'min':>8}{'max':>8}"
            f"{'queries':>9}{'× baseline':>12}",
            file=sys.stderr,
        )
        for r in results:
            if r["bench"] == "listening-dashboard":
                print(
                    f"{r['variant']:<28}{r['posts']:>9}{r['median_ms']:>11}{r['min_ms']:>8}"
                    f"{r['max_ms']:>8}{r['queries']:>9}{r['median_ms'] / base:>12.2f}",
                    file=sys.stderr,
                )
        print(f"\n{'job':<28}{'posts':>9}{'seconds':>9}{'result':>8}", file=sys.stderr)
        for r in results:
            if r["bench"] == "listening-job":
                print(
                    f"{r['variant']:<28}{r['posts']:>9}{r['seconds']:>9}{r['result']:>8}",
                    file=sys.stderr,
                )


if __name__ == "__main__":
    main()
