"""Command line: `python -m audience import-log FILE|- [--site NAME] [--format F]`, `sites add|list|remove`.

While the app runs it owns the database: the log is then imported by the app itself, and the
`sites` commands run there too (audience/app_import.py, loopback routes), so a cron job after
logrotate works either way. `-` reads standard input (held in memory, compressed, never on disk).
Exit codes: 0 done, 1 bad arguments (unknown site, unreadable, too large or unreadable format, a
refused site name or host), 2 not done: database held by another process that does not take the
command (no running app answering, token refused...), or the import failed (nothing stored; the
error's type only is printed: a message could quote an IP).
Heavy modules (the importer's numba, pyarrow, DuckDB) are imported only by the command that needs them.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from storage import DatabaseLockedError

BAR = 40


class _NoPandas:
    """An import finder that says pandas is not installed (see without_pandas)."""

    @staticmethod
    def find_spec(name: str, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError(f"No module named {name!r} (not needed by this command)", name=name)
        return None


def without_pandas() -> None:
    """Make this process act as if pandas were not installed: pyarrow imports it (a large part of the
    start-up) at its first array when it is, and no command here needs it. The process entry point
    (__main__) calls it, never a library: a process that has imported pandas keeps it."""
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _NoPandas())


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


BAD_INPUT = ("unknown_site", "site_required", "too_large", "bomb", "no_format", "bad_format")  # exit code 1


def _show_format(name: str) -> None:
    print(f"format: {name}", file=sys.stderr)


def import_log(args: argparse.Namespace) -> int:
    from audience.logfile import LogTooLargeError, read_stdin
    from storage import get_db

    started = time.perf_counter()
    source: Path | bytes
    try:
        if args.file == "-":
            source = read_stdin(sys.stdin.buffer)
        elif not (source := Path(args.file)).is_file():
            print(f"error: no such file: {source}", file=sys.stderr)
            return 1
    except LogTooLargeError:
        return _error("too_large", {})
    try:
        get_db()  # first: while the app holds it, the importer's heavy modules are never loaded here
    except DatabaseLockedError as exc:
        return _through_app(source, args, str(exc), started)
    from audience import logs

    try:
        options = {"progress": _progress(), "log_format": args.format, "on_format": _show_format}
        if isinstance(source, Path):
            summary = logs.import_file(source, args.site, **options)
        else:
            summary = logs.import_bytes(source, args.site, **options)
    except DatabaseLockedError as exc:
        return _through_app(source, args, str(exc), started)
    except (*logs.REFUSALS, LogTooLargeError) as exc:
        return _error(*logs.refusal(exc))
    except logs.ImportFailedError as exc:
        print(f"error: the import failed ({exc}); nothing was stored", file=sys.stderr)
        return 2
    dropped = {str(reason): count for reason, count in summary.dropped.items() if count}
    _print_summary(summary.lines_read, summary.events_stored, summary.aggregated_only, dropped,
                   time.perf_counter() - started)
    return 0


def _through_app(source: Path | bytes, args: argparse.Namespace, locked: str, started: float) -> int:
    """The database is held: by the running app, which then imports the log itself."""
    from audience.app_import import AppImportError, import_through_app, running_app_url

    url = running_app_url()
    if url is None:
        print(f"error: {locked}", file=sys.stderr)
        return 2
    print(f"the running app holds the database: importing through it ({url})", file=sys.stderr)
    try:
        summary = import_through_app(url, source, args.site, progress=_progress(), log_format=args.format,
                                     on_format=_show_format)
    except AppImportError as exc:
        return _error(exc.code, {"site": args.site or "", **exc.values}, url)
    except PermissionError:  # the import token is readable by the app's user only
        print("error: cannot read data/secrets/import_token: run this as the app's user", file=sys.stderr)
        return 2
    _print_summary(summary["lines_read"], summary["events_stored"], summary.get("aggregated_only", 0),
                   summary["dropped"], time.perf_counter() - started)
    return 0


def _error(code: str, values: dict[str, str], url: str = "") -> int:
    from audience.app_import import MESSAGES

    print("error: " + MESSAGES[code].format(**{"site": "", "url": url, **values}), file=sys.stderr)
    return 1 if code in BAD_INPUT else 2


def sites_command(args: argparse.Namespace) -> int:
    """`sites add|list|remove`: the staff page's functions and messages, here or in the running app."""
    from audience.app_import import AppImportError, run_sites_command, running_app_url, sites_through_app
    from config.settings import get_settings
    from i18n import t

    lang = get_settings().APP_DEFAULT_LANG
    command, name, hosts = args.sites_command, getattr(args, "name", ""), getattr(args, "host", None) or []
    try:
        answer = run_sites_command(command, name, hosts)
    except DatabaseLockedError as exc:
        if (url := running_app_url()) is None:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        try:
            answer = sites_through_app(url, command, name, hosts)
        except AppImportError as failed:
            return _error(failed.code, {}, url)
    if "error" in answer:
        print("error: " + t(answer["error"], lang), file=sys.stderr)
        return 1
    if command == "list":
        for site in answer["sites"]:
            print(f"{site['name']:<20} {' '.join(site['hosts'])}")
    elif command == "add":
        print(t("audience.sites.added", lang, name=answer["site"]["name"]))
    else:
        print(t("audience.sites.deleted", lang))
    return 0


def _print_summary(lines_read: int, events_stored: int, aggregated_only: int, dropped: dict[str, int],
                   elapsed: float) -> None:
    print(f"lines read:     {lines_read:,}")
    print(f"events stored:  {events_stored:,}")
    if aggregated_only:
        print(f"  of which past the raw retention, in the daily aggregates only: {aggregated_only:,}")
    print(f"lines dropped:  {sum(dropped.values()):,}")
    for reason, count in sorted(dropped.items(), key=lambda kv: -kv[1]):
        print(f"  {reason:<18}{count:,}")
    print(f"time:           {elapsed:.2f} s ({lines_read / max(elapsed, 1e-9):,.0f} lines/s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m audience", description="Audience measurement tools")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import-log", help="import a web server's access log (plain, .gz, .bz2 or .zst)")
    imp.add_argument("file", help="the log file, or - for standard input")
    imp.add_argument("--site", help="name of a configured site (optional where lines name their virtual host)")
    imp.add_argument("--format", help="a format name (combined, vhost_combined, json, w3c, haproxy, alb, elb...) "
                                      "or the server's own format string; detected when absent")
    site_cmd = sub.add_parser("sites", help="the sites whose audience is measured")
    site_sub = site_cmd.add_subparsers(dest="sites_command", required=True)
    add = site_sub.add_parser("add", help="add a site")
    add.add_argument("name")
    add.add_argument("--host", action="extend", nargs="+", required=True, help="the site's host names")
    site_sub.add_parser("list", help="list the sites and their hosts")
    remove = site_sub.add_parser("remove", help="remove a site (its statistics stay until they expire)")
    remove.add_argument("name")
    sub.add_parser("compile", help="compile the log import's byte loops now rather than at first use")
    args = parser.parse_args(argv)
    if args.command == "import-log":
        return import_log(args)
    if args.command == "sites":
        return sites_command(args)
    if args.command == "compile":
        from audience.compiled import SAMPLE_PAGE_VIEWS, compile_all

        return 0 if compile_all() == SAMPLE_PAGE_VIEWS else 1
    return 1  # pragma: no cover (argparse rejects other commands)
