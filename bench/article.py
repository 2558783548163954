"""Benchmark an expert's article page with 300 threaded comments.

    python bench/article.py [--n 20] [--comments 300]

Measured the way bench/thread.py measures a thread: one Python process with production settings
(DEBUG off) on a fresh database, Django's test client, 2 warm-up GETs then N timed GETs (median,
min, max), the SQL of one more GET, and a check that every comment is on the page. Variants: an
anonymous visitor and a signed-in member, uncached (every request renders), then the anonymous
visitor with the page cache on. The baseline, measured in the same run, is the same article with
no comment: what the comments cost is the difference. DATABASE_URL picks the database (SQLite in
a temporary folder by default).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from thread import setup_django, timed_gets  # noqa: E402 - bench/ is this script's folder

N_USERS = 20
WARMUP = 2


def seed(count: int):
    """The demo hub, one expert's article with ``count`` comments in threads of three levels
    (written by 20 members and, now and then, the expert), and one without comments."""
    from django.conf import settings
    from django.core.management import call_command

    from demo.factories.experts import ArticlePageFactory, add_comment
    from demo.factories.users import VerifiedUserFactory
    from demo.management.commands.seed_demo import (
        Command as SeedDemo,  # production settings: no demo app
    )
    from experts.models import ExpertProfile

    call_command("migrate", "--noinput", verbosity=0)
    settings.AGORA_ALLOW_DEMO = True  # a throwaway benchmark database, never a deployment
    call_command(SeedDemo(), "--quiet")
    call_command("collectstatic", "--noinput", verbosity=0)
    expert = ExpertProfile.objects.get(user__username="expert")
    users = [VerifiedUserFactory(username=f"reader{i:02d}") for i in range(N_USERS)]
    empty = ArticlePageFactory(expert=expert, title="An article nobody commented yet")
    article = ArticlePageFactory(expert=expert, title="An article with many comments")
    roots, replies = [], []
    for i in range(count):
        author = expert.user if i % 25 == 24 else users[i % N_USERS]
        text = f"Comment number {i} (benchcomment-{i:04d}) with <b>markup</b> & an entity."
        if i % 3 == 0 or not roots:
            roots.append(add_comment(article, author, text))
        elif i % 3 == 1:
            replies.append(add_comment(article, author, text, parent=roots[-1]))
        else:
            add_comment(article, author, text, parent=replies[-1] if replies else roots[-1])
    return article, empty, users


def measure(variant: str, client, url: str, n: int, db: str, expected: int) -> dict:
    times, response, queries = timed_gets(client, url, n)
    shown = response.content.count(b"benchcomment-")
    if shown != expected:
        raise SystemExit(f"{variant}: expected {expected} comments on the page, found {shown}")
    return {
        "page": "article",
        "db": db,
        "variant": variant,
        "comments": shown,
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="timed GETs per variant")
    parser.add_argument("--comments", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="agora-article-bench-") as tmp:
        setup_django(Path(tmp))
        from django.conf import settings
        from django.db import connection
        from django.test import Client

        db = connection.vendor
        article, empty, users = seed(args.comments)
        member = Client()
        member.force_login(users[3])
        results = []
        settings.AGORA_ANON_CACHE_SECONDS = 0
        for variant, client, page, expected in (
            ("baseline-0-comments-anon", Client(), empty, 0),
            ("anon", Client(), article, args.comments),
            ("member", member, article, args.comments),
        ):
            results.append(measure(variant, client, page.url, args.n, db, expected))
        settings.AGORA_ANON_CACHE_SECONDS = 60
        results.append(measure("anon-cached", Client(), article.url, args.n, db, args.comments))
        for row in results:
            print(json.dumps(row))
        base = results[0]["median_ms"]
        print(
            f"\n{'variant':<26}{'comments':>9}{'median ms':>11}{'min':>8}{'max':>8}{'queries':>9}{'× baseline':>12}",
            file=sys.stderr,
        )
        for r in results:
            print(
                f"{r['variant']:<26}{r['comments']:>9}{r['median_ms']:>11}{r['min_ms']:>8}"
                f"{r['max_ms']:>8}{r['queries']:>9}{r['median_ms'] / base:>12.2f}",
                file=sys.stderr,
            )


if __name__ == "__main__":
    main()
