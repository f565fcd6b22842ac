"""Command line: `python -m audience import-log FILE --site NAME`.

Exit codes: 0 done, 1 bad arguments (unknown site, unreadable file), 2 database held by another
process (the running app: import through its staff page instead).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from storage import DatabaseLockedError

BAR = 40


def _progress():
    started = time.perf_counter()
    out = sys.stderr

    def show(done: int, total: int) -> None:
        frac = done / total if total else 1.0
        filled = int(BAR * frac)
        rate = done / max(time.perf_counter() - started, 1e-9)
        out.write(f"\r[{'#' * filled}{'.' * (BAR - filled)}] {frac:6.1%} {done:,}/{total:,} lines "
                  f"({rate:,.0f} lines/s)")
        if done >= total:
            out.write("\n")
        out.flush()

    return show


def import_log(args: argparse.Namespace) -> int:
    from audience.logs import LogTooLargeError, UnknownSiteError, import_file

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        summary = import_file(path, args.site, progress=_progress())
    except DatabaseLockedError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except LogTooLargeError:
        print("error: the file expands beyond 4 GiB once decompressed; split it", file=sys.stderr)
        return 1
    except UnknownSiteError:
        print(f"error: unknown site {args.site!r}: add it on the staff page 'Audience sites' first",
              file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"lines read:     {summary.lines_read:,}")
    print(f"events stored:  {summary.events_stored:,}")
    print(f"lines dropped:  {summary.lines_dropped:,}")
    for reason, count in sorted(summary.dropped.items(), key=lambda kv: -kv[1]):
        if count:
            print(f"  {reason!s:<18}{count:,}")
    print(f"time:           {elapsed:.2f} s ({summary.lines_read / max(elapsed, 1e-9):,.0f} lines/s)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audience", description="Audience measurement tools")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-log", help="import an nginx/Apache access log (plain or .gz)")
    imp.add_argument("file")
    imp.add_argument("--site", required=True, help="name of a configured site")
    sub.add_parser("compile", help="compile the log import's byte loops now rather than at first use")
    args = parser.parse_args(argv)
    if args.command == "import-log":
        return import_log(args)
    if args.command == "compile":
        from audience.compiled import compile_all

        return 0 if compile_all() == 3 else 1
    return 1  # pragma: no cover (argparse rejects other commands)
