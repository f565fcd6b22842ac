"""Command line: `python -m audience import-log FILE --site NAME`.

While the app runs it owns the database: the file is then imported by the app itself
(audience/app_import.py), so a cron job after logrotate works either way.
Exit codes: 0 done, 1 bad arguments (unknown site, unreadable or too large file), 2 not done: database
held by another process that does not take the import (no running app answering, token refused...), or
the import failed (nothing stored; the error's type only is printed: a message could quote an IP).
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
    from audience.logs import ImportFailedError, LogTooLargeError, UnknownSiteError, import_file

    path = Path(args.file)
    if not path.is_file():
        print(f"error: no such file: {path}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    try:
        summary = import_file(path, args.site, progress=_progress())
    except DatabaseLockedError as exc:
        return _through_app(path, args.site, str(exc), started)
    except LogTooLargeError:
        return _error("too_large", args.site)
    except UnknownSiteError:
        return _error("unknown_site", args.site)
    except ImportFailedError as exc:
        print(f"error: the import failed ({exc}); nothing was stored", file=sys.stderr)
        return 2
    dropped = {str(reason): count for reason, count in summary.dropped.items() if count}
    _print_summary(summary.lines_read, summary.events_stored, dropped, time.perf_counter() - started)
    return 0


def _through_app(path: Path, site: str, locked: str, started: float) -> int:
    """The database is held: by the running app, which then imports the file itself."""
    from audience.app_import import AppImportError, import_through_app, running_app_url

    url = running_app_url()
    if url is None:
        print(f"error: {locked}", file=sys.stderr)
        return 2
    print(f"the running app holds the database: importing through it ({url})", file=sys.stderr)
    try:
        summary = import_through_app(url, path, site, progress=_progress())
    except AppImportError as exc:
        return _error(exc.code, site, url)
    except PermissionError:  # the import token is readable by the app's user only
        print("error: cannot read data/secrets/import_token: run this as the app's user", file=sys.stderr)
        return 2
    _print_summary(summary["lines_read"], summary["events_stored"], summary["dropped"], time.perf_counter() - started)
    return 0


def _error(code: str, site: str, url: str = "") -> int:
    from audience.app_import import MESSAGES

    print("error: " + MESSAGES[code].format(site=site, url=url), file=sys.stderr)
    return 1 if code in ("unknown_site", "too_large") else 2


def _print_summary(lines_read: int, events_stored: int, dropped: dict[str, int], elapsed: float) -> None:
    print(f"lines read:     {lines_read:,}")
    print(f"events stored:  {events_stored:,}")
    print(f"lines dropped:  {sum(dropped.values()):,}")
    for reason, count in sorted(dropped.items(), key=lambda kv: -kv[1]):
        print(f"  {reason:<18}{count:,}")
    print(f"time:           {elapsed:.2f} s ({lines_read / max(elapsed, 1e-9):,.0f} lines/s)")


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
        from audience.compiled import SAMPLE_PAGE_VIEWS, compile_all

        return 0 if compile_all() == SAMPLE_PAGE_VIEWS else 1
    return 1  # pragma: no cover (argparse rejects other commands)
