"""Benchmark: the app store's write and read paths, embedded DuckDB beside PostgreSQL, under concurrency.

    .venv/bin/python benchmarks/stores.py                  # 16 threads x 50 operations each
    .venv/bin/python benchmarks/stores.py --threads 4 --ops 200

Store level only (the domain packages do not run on PostgreSQL yet): each thread, like a session,
saves an analysis (INSERT of a JSON payload in one `write`), records a consent proof (INSERT), then
reads the analysis back by id (query_one). Latency per operation, p50 and p99, and the throughput of
the whole run, for each store on the same machine in the same run. PostgreSQL is a throw-away cluster
of Debian's server (tests/pgserver.py) with its defaults (fsync on, as DuckDB syncs its WAL at each
commit), on loopback. Every write takes the one write lock on both stores
(DuckDB's process lock, PostgreSQL's advisory lock), so writes are serial on both by design.

Measured 2026-12-08 on the shared 2-core machine under a load average of 14 (noisy), default run,
ms p50 / p99: DuckDB save 60.8 / 383, consent 36.6 / 287, read 0.99 / 29.2, 301 ops/s in all;
PostgreSQL save 95.1 / 254, consent 99.5 / 267, read 0.63 / 8.3, 223 ops/s in all. A second run at
load 8: DuckDB save 70.2 / 499, read 1.07 / 42.7, 256 ops/s; PostgreSQL save 28.8 / 241, read
0.31 / 9.6, 550 ops/s. The machine's load decides the order: rerun on a quiet one before concluding.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage import Database  # noqa: E402
from storage.postgres import PostgresDatabase  # noqa: E402
from tests import pgserver  # noqa: E402

PAYLOAD = json.dumps({"years": [{"revenue": 1_250_000.0, "margin": 0.31, "lines": list(range(200))}]})
SAVE = ("INSERT INTO finance_analyses (id, user_id, name, kind, payload) VALUES ($1, $2, $3, 'fec', $4)")
CONSENT = ("INSERT INTO consent_events (consent_id, policy_version, banner_text_sha256, decisions, method) "
           "VALUES ($1, 'v1', 'sha', '{\"audience\": true}', 'accept_all')")
READ = "SELECT name, payload FROM finance_analyses WHERE id = $1"


def run(store, threads: int, ops: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"save": [], "consent": [], "read": []}
    lock, errors = threading.Lock(), []

    def session() -> None:
        mine: dict[str, list[float]] = {k: [] for k in times}
        user = str(uuid.uuid4())
        try:
            for i in range(ops):
                analysis = str(uuid.uuid4())
                steps = (("save", store.execute, SAVE, [analysis, user, f"a{i}", PAYLOAD]),
                         ("consent", store.execute, CONSENT, [str(uuid.uuid4())]),
                         ("read", store.query_one, READ, [analysis]))
                for name, call, sql, params in steps:
                    start = time.perf_counter()
                    call(sql, params)
                    mine[name].append(time.perf_counter() - start)
        except Exception as exc:  # reported below: a thread's exception would otherwise vanish
            errors.append(exc)
        with lock:
            for k, v in mine.items():
                times[k].extend(v)
    workers = [threading.Thread(target=session) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    times["wall"] = [time.perf_counter() - start]
    if errors:
        raise errors[0]
    return times


def _quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--ops", type=int, default=50, help="operations of each kind per thread")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    pg_dir = Path(tempfile.mkdtemp(prefix="bench-pg-"))  # its own: open to `nobody` when we are root
    cluster = pgserver.start(pg_dir, durable=True)  # commits wait on the disk, as DuckDB's do
    stores = {"duckdb": Database(work / "duck"),
              "postgresql": PostgresDatabase(cluster.url, max_size=args.threads)}
    try:
        print(f"{args.threads} threads x {args.ops} operations of each kind; ms per operation")
        print(f"{'store':<11} {'operation':<8} {'p50':>7} {'p99':>7}   total ops/s")
        for name, store in stores.items():
            times = run(store, args.threads, args.ops)
            total = sum(len(v) for k, v in times.items() if k != "wall")
            for op in ("save", "consent", "read"):
                p50, p99 = _quantile(times[op], .5) * 1e3, _quantile(times[op], .99) * 1e3
                print(f"{name:<11} {op:<8} {p50:7.2f} {p99:7.2f}")
            print(f"{name:<11} {'all':<8} {'':>7} {'':>7}   {total / times['wall'][0]:8.0f}")
    finally:
        for store in stores.values():
            store.close()
        cluster.stop()
        for path in (work, pg_dir):
            shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    main()
