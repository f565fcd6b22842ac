"""Command line for the operator (the app must be stopped: DuckDB allows one process).

    python -m privacy backup DEST        consistent copy of the databases into DEST/backup-<time>/
    python -m privacy restore SRC        restore a backup folder, then re-apply the erasure journal
    python -m privacy replay-erasures    re-apply the erasure journal to the current databases
    python -m privacy retention          run the retention jobs once

While the app runs, use the buttons of the retention report page instead.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from config.settings import get_settings
from storage import DatabaseLockedError, get_db, reset_db


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m privacy", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("backup").add_argument("dest", type=Path)
    sub.add_parser("restore").add_argument("src", type=Path)
    sub.add_parser("replay-erasures")
    sub.add_parser("retention")
    args = parser.parse_args(argv)
    settings = get_settings()
    try:
        if args.command == "restore":
            from privacy.backup import restore

            n = restore(args.src, settings.APP_DATA_DIR, force_uncompressed=settings.DUCKDB_FORCE_UNCOMPRESSED)
            print(f"restored {args.src} into {settings.APP_DATA_DIR}; erasures re-applied to {n} people")
            return 0
        db = get_db()
        if args.command == "backup":
            from privacy.backup import backup

            print(f"backup written to {backup(args.dest, db)}")
        elif args.command == "replay-erasures":
            from privacy.erasure import replay_journal

            print(f"erasures re-applied to {replay_journal(db)} people")
        else:
            from privacy.retention import run_all

            for res in run_all(None, "cli"):
                print(f"{res.job}: {res.status}, {res.rows_deleted} rows {res.details}")
        return 0
    except DatabaseLockedError as exc:
        print(exc, file=sys.stderr)
        return 2
    finally:
        reset_db()


if __name__ == "__main__":
    sys.exit(main())
