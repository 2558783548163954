"""Benchmark the moderation queue: its listing with 100 000 open items, and bulk approvals.

    python bench/moderation_queue.py [--items 100000] [--n 20] [--bulk 1000]

Measured the way bench/thread.py measures a thread: one Python process with production settings
(DEBUG off) on a fresh database (SQLite in a temporary folder, or DATABASE_URL), Django's test
client signed in as the demo moderator (password and TOTP, as the admin requires), 2 warm-up
GETs then N timed GETs (median, min, max) and the SQL of one more GET.

The baseline, measured in the same run, is the same listing over the demo's own queue (a dozen
items), before the large queue is added with the bulk writer seed_demo --scale uses. Then the
bulk approvals: 10 items (baseline) and --bulk items through the queue's "all the items these
filters show" action, timed end to end, with what each item costs.
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

URL = "/admin/moderation/queue/"


def seed():
    from django.conf import settings
    from django.core.management import call_command

    from demo.management.commands.seed_demo import (
        Command as SeedDemo,  # production settings: no demo app
    )

    call_command("migrate", "--noinput", verbosity=0)
    settings.AGORA_ALLOW_DEMO = True  # a throwaway benchmark database, never a deployment
    call_command(SeedDemo(), "--quiet")
    call_command("collectstatic", "--noinput", verbosity=0)


def moderator_client():
    from django.conf import settings
    from django.test import Client

    from tests.helpers import current_totp

    client = Client()
    client.post(
        "/accounts/login/", {"login": "moderator@demo.example", "password": settings.DEMO_PASSWORD}
    )
    client.post("/accounts/2fa/authenticate/", {"code": current_totp(settings.DEMO_TOTP_SECRET)})
    if client.get(URL).status_code != 200:
        raise SystemExit("The demo moderator could not open the queue.")
    return client


def listing(variant: str, client, query: str, n: int, db: str) -> dict:
    from moderation.models import QueueItem

    times, response, queries = timed_gets(client, URL + query, n)
    rows = response.content.count(b'name="item"')
    return {
        "bench": "queue-listing",
        "db": db,
        "variant": variant,
        "open_items": QueueItem.objects.filter(state="open").count(),
        "rows": rows,
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "queries": len(queries.captured_queries),
    }


def bulk_approve(variant: str, client, count: int, db: str) -> dict:
    """Approve the ``count`` most urgent held answers through the listing's bulk action."""
    from moderation.models import AuditEntry, QueueItem

    open_before = QueueItem.objects.filter(state="open", kind="pending").count()
    audits_before = AuditEntry.objects.count()
    from moderation.viewsets import queue as queue_views

    limit, queue_views.BULK_LIMIT = queue_views.BULK_LIMIT, count
    try:
        start = time.perf_counter()
        response = client.post(
            URL, {"all_matching": "1", "query": "kind=pending", "bulk-action": "approve"}
        )
        seconds = time.perf_counter() - start
    finally:
        queue_views.BULK_LIMIT = limit
    approved = open_before - QueueItem.objects.filter(state="open", kind="pending").count()
    if response.status_code != 302 or approved != count:
        raise SystemExit(f"{variant}: expected {count} approvals, got {approved}")
    return {
        "bench": "bulk-approve",
        "db": db,
        "variant": variant,
        "items": count,
        "seconds": round(seconds, 3),
        "ms_per_item": round(seconds * 1000 / count, 2),
        "items_per_second": round(count / seconds, 1),
        "audit_entries": AuditEntry.objects.count() - audits_before,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000, help="open items in the queue")
    parser.add_argument("--n", type=int, default=20, help="timed GETs per variant")
    parser.add_argument("--bulk", type=int, default=1000, help="items in the large bulk approve")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agora-queue-bench-") as tmp:
        setup_django(Path(tmp))
        from django.db import connection

        from community.models import TopicPage
        from demo.factories.moderation import seed_scale_queue

        db = connection.vendor
        seed()
        client = moderator_client()
        results = [listing("baseline-demo-queue", client, "", args.n, db)]
        start = time.perf_counter()
        seed_scale_queue(args.items)
        seeded = time.perf_counter() - start
        print(f"seeded {args.items} items in {seeded:.1f} s", file=sys.stderr)
        topic = TopicPage.objects.live().order_by("path").first()
        for variant, query in (
            ("open-first-page", ""),
            ("type-flag", "?kind=flag"),
            ("topic", f"?topic={topic.pk}"),
            ("unassigned", "?assignee=none"),
            ("page-200", "?p=200"),
        ):
            results.append(listing(variant, client, query, args.n, db))
        results.append(bulk_approve("baseline-10", client, 10, db))
        results.append(bulk_approve(f"bulk-{args.bulk}", client, args.bulk, db))
        for row in results:
            print(json.dumps(row))
        base = results[0]["median_ms"]
        print(
            f"\n{'listing':<22}{'open items':>11}{'rows':>6}{'median ms':>11}{'min':>8}"
            f"{'max':>8}{'queries':>9}{'× baseline':>12}",
            file=sys.stderr,
        )
        for r in results:
            if r["bench"] == "queue-listing":
                print(
                    f"{r['variant']:<22}{r['open_items']:>11}{r['rows']:>6}{r['median_ms']:>11}"
                    f"{r['min_ms']:>8}{r['max_ms']:>8}{r['queries']:>9}"
                    f"{r['median_ms'] / base:>12.2f}",
                    file=sys.stderr,
                )
        bulk = [r for r in results if r["bench"] == "bulk-approve"]
        print(
            f"\n{'bulk approve':<22}{'items':>7}{'seconds':>9}{'ms/item':>9}{'items/s':>9}"
            f"{'× baseline ms/item':>20}",
            file=sys.stderr,
        )
        for r in bulk:
            print(
                f"{r['variant']:<22}{r['items']:>7}{r['seconds']:>9}{r['ms_per_item']:>9}"
                f"{r['items_per_second']:>9}{r['ms_per_item'] / bulk[0]['ms_per_item']:>20.2f}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    main()
