"""A small closed-loop HTTP load generator, run as its own process on 127.0.0.1.

Keeps `concurrency` keep-alive connections busy for `seconds`, then prints one JSON line:
requests per second and latency percentiles in milliseconds. Bounded in time and count.
"""

import argparse
import http.client
import json
import statistics
import threading
import time


def worker(host, port, path, deadline, latencies, errors, max_requests):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    count = 0
    while time.perf_counter() < deadline and count < max_requests:
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Host": host, "Accept-Language": "en"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
        except (OSError, http.client.HTTPException):
            errors.append("conn")
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=10)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        count += 1
    conn.close()


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return round(sorted_values[index], 2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("The load generator only targets this machine.")

    latencies: list[float] = []
    errors: list = []
    started = time.perf_counter()
    deadline = started + args.seconds
    per_thread = max(1, args.max_requests // args.concurrency)
    threads = [
        threading.Thread(
            target=worker,
            args=(args.host, args.port, args.path, deadline, latencies, errors, per_thread),
        )
        for _ in range(args.concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    values = sorted(latencies)
    print(
        json.dumps(
            {
                "path": args.path,
                "requests": len(values),
                "errors": len(errors),
                "rps": round(len(values) / elapsed, 1),
                "p50_ms": percentile(values, 50),
                "p90_ms": percentile(values, 90),
                "p99_ms": percentile(values, 99),
                "mean_ms": round(statistics.fmean(values), 2) if values else None,
            }
        )
    )


if __name__ == "__main__":
    main()
