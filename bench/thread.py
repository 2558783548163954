"""Benchmark one question page with 200 answers and 400 comments, and posting answers under load.

    python bench/thread.py [--n 20] [--peers peers.jsonl] [--post-seconds 5]
                           [--parts page,answer,load]

Part 1 measures the thread page the way ../peers measures a forum topic of 201 posts: one Python
process, DEBUG off, Django's test client, 2 warm-up GETs then N timed GETs (median, min, max),
the SQL of one more GET, and a check that every seeded post is on the page. Variants: the whole
thread to an anonymous visitor and to a member who wrote some of it, uncached (every request
renders), and the anonymous visitor again with the page cache on. Each result is one JSON line
on stdout in the peers' format; with --peers (the peers' JSON lines from the same run) a table
sets them side by side.

Part 2 measures what one answer costs the server, side effects included, on a thread of 1, 8
and 32 followers: Django's test client posts it in this process with Celery eager, as on the
embedded default, so the request pays for the notifications and the emails of every follower
(a quarter of them read French). Per size: 2 warm-up posts, then N timed ones (median), and the
SQL of one more post; each post must send one email per follower. The figures measured before
the work was done once per request are printed beside the new ones.

Part 3 serves the hub under gunicorn and has members post answers concurrently (real HTTP,
session and CSRF as a browser sends them), printing requests per second and p50/p95/p99 latency
next to the ping view in the same run. Emails, notifications and indexing run after commit.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load import percentile  # noqa: E402 - bench/ is this script's folder
from run import start_gunicorn  # noqa: E402

N_ANSWERS, COMMENTS_PER_ANSWER, N_USERS = 200, 2, 20
WARMUP = 2


def body(i: int) -> str:
    """The peers' post body (short Markdown with a little inline HTML, which Agora escapes)."""
    return (
        f"**Post {i}** by user{i % N_USERS:02d} (peerpost-{i:04d}).\n\n"
        f"Some *emphasis*, `inline_code({i})` and [a link](https://example.com/posts/{i}).\n\n"
        "- first point\n"
        "- second point\n\n"
        "> A short quote from an earlier post.\n\n"
        "Inline <em>HTML</em> &amp; an entity."
    )


def setup_django(workdir: Path) -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'thread.sqlite3'}")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        # Production wants its public https address; nothing measured here follows it.
        BASE_URL=os.environ.get("BASE_URL", "https://community.example.com"),
        SECURE_SSL_REDIRECT="false",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        AGORA_SECONDS_BETWEEN_POSTS="0",
        AGORA_SECONDS_BETWEEN_QUESTIONS="0",
        AGORA_VOTES_PER_DAY="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    import django

    django.setup()


def seed():
    """The demo hub, plus one thread: a question and 200 answers with 2 comments each."""
    from django.conf import settings
    from django.core.management import call_command

    from community.markdown import render
    from community.models import Answer, Comment, PostState, Question
    from community.services import refresh_question_counters
    from demo.factories.community import QuestionFactory, mark_established
    from demo.factories.users import VerifiedUserFactory
    from demo.management.commands.seed_demo import (
        Command as SeedDemo,  # production settings: no demo app
    )

    call_command("migrate", "--noinput", verbosity=0)
    settings.AGORA_ALLOW_DEMO = True  # a throwaway benchmark database, never a deployment
    call_command(SeedDemo(), "--quiet")
    call_command("collectstatic", "--noinput", verbosity=0)
    users = [VerifiedUserFactory(username=f"user{i:02d}") for i in range(N_USERS)]
    mark_established(*users)
    question = QuestionFactory(title="A thread of 200 answers", author=users[0], body=body(0))
    rendered = {}

    def fields(i):
        if i not in rendered:
            r = render(body(i))
            rendered[i] = {"body": body(i), "body_html": r.html, "body_text": r.text}
        return rendered[i]

    answers = Answer.objects.bulk_create(
        [
            Answer(
                question=question, author=users[i % N_USERS], state=PostState.PUBLISHED, **fields(i)
            )
            for i in range(1, N_ANSWERS + 1)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                question=question,
                answer=answer,
                author=users[(n + k) % N_USERS],
                state=PostState.PUBLISHED,
                body=f"Comment {k} on answer {n}.",
                body_html=f"<p>Comment {k} on answer {n}.</p>",
                body_text=f"Comment {k} on answer {n}.",
            )
            for n, answer in enumerate(answers, start=1)
            for k in range(COMMENTS_PER_ANSWER)
        ]
    )
    refresh_question_counters([question.pk])
    return Question.objects.get(pk=question.pk), users


def rendered_posts(content: bytes) -> int:
    return sum(
        1
        for i in range(N_ANSWERS + 1)
        if f"peerpost-{i:04d}".encode() in content
        and f"<strong>Post {i}</strong>".encode() in content
    )


def timed_gets(client, url: str, n: int):
    """WARMUP GETs, then ``n`` timed ones (milliseconds), then one more whose SQL is captured:
    (times, that last response, its queries)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return times, response, queries


def measure(variant: str, client, url: str, n: int, db: str) -> dict:
    times, response, queries = timed_gets(client, url, n)
    shown = rendered_posts(response.content)
    if shown != N_ANSWERS + 1:
        raise SystemExit(f"{variant}: expected {N_ANSWERS + 1} posts on the page, found {shown}")
    comments = response.content.count(b'class="comment"')
    return {
        "peer": "agora",
        "db": db,
        "variant": variant,
        "median_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "max_ms": round(max(times), 2),
        "queries": len(queries.captured_queries),
        "bytes": len(response.content),
        "posts_rendered": shown,
        "comments_rendered": comments,
    }


def thread_page(question, users, n: int, db: str) -> list[dict]:
    from django.conf import settings
    from django.test import Client

    url = question.get_absolute_url()
    results = []
    settings.AGORA_ANON_CACHE_SECONDS = 0
    results.append(measure("all-anon", Client(), url, n, db))
    member = Client()
    member.force_login(users[5])
    results.append(measure("all-user", member, url, n, db))
    settings.AGORA_ANON_CACHE_SECONDS = 60
    results.append(measure("all-anon-cached", Client(), url, n, db))
    return results


def print_comparison(results: list[dict], peers: list[dict]) -> None:
    rows = [*peers, *results]
    print(
        f"\n{'peer':<8}{'db':<10}{'variant':<18}{'median ms':>10}{'min':>8}{'max':>8}{'queries':>9}{'posts':>7}"
    )
    for r in rows:
        print(
            f"{r['peer']:<8}{r['db']:<10}{r['variant']:<18}{r['median_ms']:>10}{r['min_ms']:>8}"
            f"{r['max_ms']:>8}{r['queries']:>9}{r['posts_rendered']:>7}"
        )
    like_for_like = [p for p in peers if p["variant"] == "all-anon"]
    ours = next(r for r in results if r["variant"] == "all-anon")
    if like_for_like:
        fastest = min(like_for_like, key=lambda p: p["median_ms"])
        ratio = ours["median_ms"] / fastest["median_ms"]
        print(
            f"\nall-anon, uncached: agora {ours['median_ms']} ms vs {fastest['peer']} "
            f"{fastest['median_ms']} ms = {ratio:.2f} (goal: at most 0.50)"
        )


# --- part 2: what one answer costs, side effects included -----------------------------------

FOLLOWERS = (1, 8, 32)
# Part 2 before notifications and emails were worked out once per request (stored one by
# one, each email rendered for its follower alone, who answered looked up 3 times per email):
# followers -> (median ms, queries), measured on commit 245fcb4 on the embedded default
# (SQLite, eager Celery, local memory cache), 2 cores otherwise idle, --n 20.
BASELINE = {1: (34.9, 58), 8: (108.7, 114), 32: (399.7, 306)}


def thread_with_followers(asker, answerer, followers: int):
    """A question whose asker follows it, plus ``followers - 1`` members following it too;
    every fourth of them reads the hub in French."""
    from community.services import follow
    from demo.factories.community import QuestionFactory
    from demo.factories.users import VerifiedUserFactory
    from hub.models import Profile

    question = QuestionFactory(title=f"A thread followed by {followers}", author=asker)
    follow(asker, question=question)
    follow(answerer, question=question)  # an answer makes its author follow: the same rows
    for i in range(1, followers):
        member = VerifiedUserFactory(username=f"follower{followers:02d}x{i:02d}")
        if i % 4 == 3:
            Profile.objects.filter(user=member).update(preferred_language="fr")
        follow(member, question=question)
    return question


def answer_cost(asker, answerer, followers: int, n: int) -> dict:
    from django.core import mail
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.models import Answer, Notification

    question = thread_with_followers(asker, answerer, followers)
    client = Client()
    client.force_login(answerer)
    path = f"/questions/{question.pk}/answer/"
    posted = 0

    def post():
        nonlocal posted
        posted += 1
        sent = len(getattr(mail, "outbox", []))
        form = {
            "body": f"Answer {posted}: restart the box, then wait.",
            "submission_token": uuid.uuid4(),
        }
        response = client.post(path, form, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302, response.status_code
        emails = len(mail.outbox) - sent
        if emails != followers:
            raise SystemExit(f"{followers} followers: one answer sent {emails} emails")

    for _ in range(WARMUP):
        post()
    times = []
    for _ in range(n):
        start = time.perf_counter()
        post()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        post()
    answers = Answer.objects.filter(question=question, is_public=True).count()
    notified = Notification.objects.filter(question=question, emailed_at__isnull=False).count()
    assert answers == posted and notified == posted * followers, (answers, notified)
    return {
        "followers": followers,
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "queries": len(queries.captured_queries),
    }


def answer_costs(users, n: int, db: str) -> list[dict]:
    results = [answer_cost(users[0], users[1], followers, n) for followers in FOLLOWERS]
    print(
        f"\nOne answer, side effects included ({db}, Celery eager, in-process test client, "
        f"median of {n}):"
    )
    print(
        f"{'followers':>10}{'median ms':>11}{'queries':>9}   {'before: ms':>10}{'queries':>9}"
        f"{'time after/before':>19}"
    )
    for r in results:
        before = BASELINE.get(r["followers"]) if db == "sqlite" else None
        if before:
            was = f"{before[0]:>10}{before[1]:>9}{r['median_ms'] / before[0]:>19.2f}"
        else:
            was = f"{'-':>10}{'-':>9}{'-':>19}"
        print(f"{r['followers']:>10}{r['median_ms']:>11}{r['queries']:>9}   {was}")
    return results


# --- part 3: posting answers under load -----------------------------------------------------


def session_cookies(users) -> list[dict]:
    """A signed-in session and a CSRF secret per member, as their browser would hold them."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    cookies = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)
        cookies.append(
            {
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; csrftoken={csrf}",
                "csrf": csrf,
            }
        )
    return cookies


def post_worker(port, path, identity, deadline, latencies, errors):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.perf_counter() < deadline:
        form = f"body=Restart+the+box+and+wait+two+minutes.&submission_token={uuid.uuid4()}"
        headers = {
            "Host": "127.0.0.1",
            "Cookie": identity["cookie"],
            "X-CSRFToken": identity["csrf"],
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "en",
        }
        started = time.perf_counter()
        try:
            conn.request("POST", path, body=form, headers=headers)
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            errors.append("conn")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        if response.status != 302:
            errors.append(response.status)
        latencies.append((time.perf_counter() - started) * 1000)
    conn.close()


def posting(users, seconds: float, concurrency: int) -> dict:
    from django.db import connections

    from community.models import Answer
    from demo.factories.community import QuestionFactory

    question = QuestionFactory(title="Posting under load", author=users[0])
    identities = session_cookies(users[1 : 1 + concurrency])
    before = Answer.objects.filter(question=question).count()
    connections.close_all()
    server, port = start_gunicorn({**os.environ, "AGORA_ANON_CACHE_SECONDS": "0"})
    # With a broker configured, side effects go to a Celery worker, as deployed.
    worker = None
    if os.environ.get("REDIS_URL"):
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "hub",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "warning",
            ],
            cwd=ROOT,
            env=os.environ.copy(),
        )
    try:
        ping = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "load.py"),
                "--port",
                str(port),
                "--path",
                "/ping",
                "--seconds",
                str(seconds),
                "--concurrency",
                str(concurrency),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        latencies: list[float] = []
        errors: list = []
        path = f"/questions/{question.pk}/answer/"
        started = time.perf_counter()
        deadline = started + seconds
        threads = [
            threading.Thread(
                target=post_worker, args=(port, path, identity, deadline, latencies, errors)
            )
            for identity in identities
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
    stored = Answer.objects.filter(question=question).count() - before
    return {
        "ping": json.loads(ping.stdout),
        "post": {
            "path": path,
            "requests": len(latencies),
            "stored": stored,
            "errors": len(errors),
            "rps": round(len(latencies) / elapsed, 1),
            "p50_ms": percentile(sorted(latencies), 50),
            "p95_ms": percentile(sorted(latencies), 95),
            "p99_ms": percentile(sorted(latencies), 99),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="timed GETs per variant")
    parser.add_argument("--peers", help="JSON lines printed by the peers' run, to compare with")
    parser.add_argument("--post-seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--parts",
        default="page,answer,load",
        help="which parts to run: page (the thread page), answer (one answer's cost), load",
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))

    workdir = Path(tempfile.mkdtemp(prefix="agora-thread-"))
    setup_django(workdir)
    from django.db import connection

    db = "postgres" if connection.vendor == "postgresql" else "sqlite"
    print(f"Seeding a thread of {N_ANSWERS} answers in {workdir} …", file=sys.stderr)
    question, users = seed()
    if "page" in parts:
        results = thread_page(question, users, args.n, db)
        for result in results:
            print(json.dumps(result))
        peers = []
        if args.peers:
            peers = [
                json.loads(line)
                for line in Path(args.peers).read_text().splitlines()
                if line.strip()
            ]
        print_comparison(results, peers)
    if "answer" in parts:
        print(json.dumps({"answer_cost": answer_costs(users, args.n, db)}))
    if "load" in parts and args.post_seconds:
        figures = posting(users, args.post_seconds, args.concurrency)
        ping, post = figures["ping"], figures["post"]
        print(
            f"\nPosting answers: {args.concurrency} members at once for {args.post_seconds:.0f} s, "
            f"gunicorn 2 workers x 4 threads, {db}, side effects "
            f"{'in a Celery worker' if os.environ.get('REDIS_URL') else 'run in-process after commit'}\n"
            f"  ping          {ping['rps']:>8} req/s  p50 {ping['p50_ms']} ms  p90 {ping['p90_ms']} ms\n"
            f"  post answer   {post['rps']:>8} req/s  p50 {post['p50_ms']} ms  p95 {post['p95_ms']} ms"
            f"  p99 {post['p99_ms']} ms  stored {post['stored']}/{post['requests']}  errors {post['errors']}"
        )
        print(json.dumps({"posting": figures}))


if __name__ == "__main__":
    main()
