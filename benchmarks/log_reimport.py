"""Benchmark: how long an import looks for the part of a log that earlier imports of the site already
covered (audience.logfile.already_imported), as a daily cron job meets it: hundreds of earlier files,
each a different day's, none of them a prefix of today's.

    .venv/bin/python benchmarks/log_reimport.py [--lines 1000000] [--earlier 365]

Timed on the same generated log (benchmarks/log_import.py's generator), plain and gzip: with the
earlier imports' head digests (what the import records now), and without them (imports recorded
before the column: compared in full, in one pass). Peers: one BLAKE3 pass over the file (the floor of
any comparison in full), and the former method, each earlier size hashed on its own (timed on the
first 10 earlier files, then scaled to all of them).
"""
from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from log_import import generate  # noqa: E402


def timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> int:
    import storage.db as sdb
    from audience import logfile
    from storage import Database

    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--earlier", type=int, default=365, help="earlier imports of the site (one a day)")
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "access.log"
        generate(log, args.lines, datetime.now(UTC).replace(microsecond=0) - timedelta(days=1))
        plain = logfile.read_log(log)
        packed = gzip.compress(bytes(plain), compresslevel=1)
        os.environ["APP_DATA_DIR"] = tmp
        db = Database(Path(tmp))
        sdb._instance = db
        try:
            print(f"log: {args.lines:,} lines, {len(plain) / 1e6:.0f} MB ({len(packed) / 1e6:.0f} MB gzipped); "
                  f"{args.earlier} earlier imports of other days' files, 50-150% of its size")
            sizes = [rng.randint(len(plain) // 2, len(plain) * 3 // 2) for _ in range(args.earlier)]
            for with_heads in (True, False):
                db.execute("DELETE FROM audience.log_imports")
                for day, size in enumerate(sizes):
                    other = logfile.digest_text(logfile.hasher(b"day %d" % day))
                    db.execute("INSERT INTO audience.log_imports (id, site, digest, head_digest, bytes, lines, "
                               "stored) VALUES (?, 'bench', ?, ?, ?, 0, 0)",
                               [f"day-{day}", other, other if with_heads else None, size])
                label = "with head digests" if with_heads else "without (older imports)"
                for kind, data in (("plain", plain), ("gzip", packed)):
                    seconds, found = timed(lambda d=data: logfile.already_imported(db, "bench",
                                                                                  logfile.LogContent(d)))
                    print(f"  {label:24} {kind:5}  {seconds:7.3f} s  (covered: {found[0]} bytes)")
            one_pass, _ = timed(lambda: logfile.hasher(memoryview(plain)).hexdigest())
            print(f"peer: one BLAKE3 pass over the file                 {one_pass:7.3f} s")
            candidates = sorted(size for size in sizes if size <= len(plain))
            first, _ = timed(lambda: [logfile.hasher(memoryview(plain)[:size]).hexdigest() for size in candidates[:10]])
            print(f"peer: each earlier size hashed on its own (former)  {first * len(candidates) / 10:7.3f} s "
                  f"(estimated: {len(candidates)} sizes up to this file's, 10 timed)")
        finally:
            db.close()
            sdb._instance = None
            if hasattr(plain, "close"):
                plain.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
