"""What a Redis outage costs a request: the cache as configured before (django-redis ignoring
errors) against the hub's resilient cache, in the same run, on a Redis this script starts
and then stops.

    python bench/outage.py [--calls 200]

Two outages: Redis stopped (connections refused at once) and Redis hung (a socket that
accepts and never answers, as a stalled server or a dropped network does). For each cache it
prints the time of the first call after the outage began, the median and the total of the next
calls (a request makes a dozen), and whether allauth's rate-limit lock can still be taken
(without it, every log-in answers 429).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket as sockets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start_redis(folder: str) -> tuple[subprocess.Popen, str]:
    socket = f"{folder}/redis.sock"
    process = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", socket, "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        if os.path.exists(socket):
            break
        time.sleep(0.05)
    return process, f"unix://{socket}?db=0"


def hung_redis() -> tuple[sockets.socket, str]:
    """A loopback port that accepts connections and never answers."""
    server = sockets.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    return server, f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def caches(url: str):
    from django_redis.cache import RedisCache

    from hub.cache import ResilientRedisCache

    before = RedisCache(
        url,
        {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2, "IGNORE_EXCEPTIONS": True}},
    )
    after = ResilientRedisCache(
        url,
        {"OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1, "RETRY_SECONDS": 5}},
    )
    return before, after


def measure(backend, calls: int) -> dict:
    started = time.perf_counter()
    backend.get("first")
    first = time.perf_counter() - started
    timings = []
    for n in range(calls):
        started = time.perf_counter()
        backend.get(f"key{n}")
        timings.append(time.perf_counter() - started)
    lock_taken = bool(backend.add("allauth:lock", True, 5))
    return {
        "first_ms": first * 1000,
        "median_ms": statistics.median(timings) * 1000,
        "total_ms": sum(timings) * 1000,
        "lock": lock_taken,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        sys.exit("redis-server is needed (apt-get install redis-server)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")
    import django

    django.setup()
    logging.disable(logging.CRITICAL)  # each failed call of the old cache logs a traceback
    folder = tempfile.mkdtemp(prefix="agora-outage-")
    rows = []
    try:
        process, url = start_redis(folder)
        before, after = caches(url)
        for backend in (before, after):
            backend.set("warm", 1)
        process.terminate()
        process.wait(10)
        rows.append(
            ("stopped", "django-redis, errors ignored (before)", measure(before, args.calls))
        )
        rows.append(("stopped", "resilient cache (after)", measure(after, args.calls)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    server, url = hung_redis()
    try:
        before, after = caches(url)
        rows.append(("hung", "django-redis, errors ignored (before)", measure(before, 5)))
        rows.append(("hung", "resilient cache (after)", measure(after, 5)))
    finally:
        server.close()
    print(f"Cache reads after the outage began ({args.calls} when stopped, 5 when hung)")
    print(f"{'Redis':<8} {'cache':<40} {'first':>10} {'median':>10} {'total':>10}  rate-limit lock")
    for outage, name, row in rows:
        print(
            f"{outage:<8} {name:<40} {row['first_ms']:>8.2f}ms {row['median_ms']:>8.3f}ms "
            f"{row['total_ms']:>8.1f}ms  {'taken' if row['lock'] else 'refused (429)'}"
        )


if __name__ == "__main__":
    main()
