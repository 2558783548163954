"""Benchmark the hub under gunicorn on seeded data, against its own ping view.

    python bench/run.py [--scale 2000] [--seconds 5] [--concurrency 8] [--workers 2]

Seeds a fresh database (SQLite in a temporary folder, or DATABASE_URL if set), serves the hub
with production settings under gunicorn on 127.0.0.1, drives each page from a separate load
process, and prints requests per second and latency percentiles next to the ping view
measured in the same run: the ratio is the figure to watch. Also prints SQL queries per page.
"""

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/ping",
    "/",
    "/community/",
    "/community/internet-box/",
    "/members/member/",
    "/search/?q=billing",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def query_counts(env) -> dict:
    code = (
        "import django, json; django.setup();"
        "from django.test import Client; from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;"
        "c = Client(); out = {};\n"
        f"for path in {PAGES!r}:\n"
        "    c.get(path)\n"
        "    with CaptureQueriesContext(connection) as q: r = c.get(path)\n"
        "    out[path] = [r.status_code, len(q)]\n"
        "print(json.dumps(out))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_until_up(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ping", timeout=1).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def start_gunicorn(env: dict, *, workers: int = 2) -> tuple[subprocess.Popen, int]:
    """Serve the hub with ``env`` under gunicorn on a free local port, once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hub.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port)
    except BaseException:
        server.terminate()
        raise
    return server, port


def measure(env: dict, args) -> list[dict]:
    """Serve the hub under gunicorn with `env` and drive each page from a load process."""
    server, port = start_gunicorn(env, workers=args.workers)
    results = []
    try:
        for path in args.pages:
            load = [
                sys.executable,
                str(ROOT / "bench" / "load.py"),
                "--port",
                str(port),
                "--path",
                path,
            ]
            # Warm up (connections, caches), then measure.
            subprocess.run(
                [*load, "--seconds", "1", "--concurrency", "2"], check=True, capture_output=True
            )
            out = subprocess.run(
                [*load, "--seconds", str(args.seconds), "--concurrency", str(args.concurrency)],
                check=True,
                capture_output=True,
                text=True,
            )
            results.append(json.loads(out.stdout))
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=2000, help="extra demo members to seed")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", nargs="*", default=PAGES)
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="agora-bench-"))
    base_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    base_env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    base_env.update(MEDIA_ROOT=str(workdir / "media"), STATIC_ROOT=str(workdir / "static"))
    seed_env = {**base_env, "DJANGO_SETTINGS_MODULE": "hub.settings.dev", "DEBUG": "false"}
    serve_env = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Production wants its public https address; nothing measured here follows it.
        "BASE_URL": base_env.get("BASE_URL", "https://community.example.com"),
        "SECURE_SSL_REDIRECT": "false",
    }

    print(f"Seeding ({args.scale} extra members) in {workdir} …", file=sys.stderr)
    manage(seed_env, "migrate", "--noinput", "-v0")
    manage(seed_env, "seed_demo", "--quiet", "--scale", str(args.scale))
    manage(serve_env, "collectstatic", "--noinput", "-v0")

    uncached_env = {**serve_env, "AGORA_ANON_CACHE_SECONDS": "0"}
    counts = query_counts(uncached_env)
    runs = {
        "anonymous page cache on (as deployed)": measure(serve_env, args),
        "page cache off (every request renders)": measure(uncached_env, args),
    }
    database = "PostgreSQL" if "postgres" in base_env["DATABASE_URL"] else "SQLite"
    print(
        f"\nAgora bench: gunicorn {args.workers} workers x 4 threads, {args.concurrency} "
        f"connections, {args.seconds:.0f} s per page, {args.scale} seeded members, {database}"
    )
    for title, results in runs.items():
        ping = next((r for r in results if r["path"] == "/ping"), None)
        print(f"\n{title}")
        header = f"{'page':<28}{'req/s':>9}{'vs ping':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'errors':>8}{'queries':>9}"
        print(header)
        print("-" * len(header))
        for r in results:
            ratio = f"{r['rps'] / ping['rps']:.2f}" if ping and ping["rps"] else "-"
            _status, queries = counts.get(r["path"], ["-", "-"])
            print(
                f"{r['path']:<28}{r['rps']:>9}{ratio:>9}{r['p50_ms']:>9}{r['p90_ms']:>9}"
                f"{r['p99_ms']:>9}{r['errors']:>8}{queries:>9}"
            )
    print("\nqueries: SQL statements for one anonymous request with the page cache off.")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": runs, "queries": counts}, indent=2))


if __name__ == "__main__":
    main()
