"""A log import handed to the running app: the app owns the DuckDB files, so while it runs the CLI
(`python -m audience import-log`, e.g. from cron after logrotate) sends the file to it instead.

The exchange:
- the app publishes its loopback address in `<data>/app.url` while it serves (app.py's lifespan);
- `POST /api/import-log?site=NAME` (web/log_import.py) takes the file as the body, from a loopback address only, with
  `Authorization: Bearer <import_token>` (a generated secret under data/secrets/, readable by the app's
  user only), and answers with JSON lines: `{"done": n, "total": t}` while it parses, then
  `{"summary": {...}}` or `{"error": code}`; with `&check=1` and no body it only answers 204 when it
  would take the import (the CLI asks first);
- `import_through_app` is the CLI's side.
The file is held in memory by the app during the import, never written to disk (it holds full IPs).
"""
from __future__ import annotations

import contextlib
import http.client
import json
import logging
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from audience import logfile, sites
from config.secrets import get_secret
from config.settings import get_settings

log = logging.getLogger("audience")

TOKEN_SECRET = "import_token"  # noqa: S105 (the name of a generated secret, config/secrets.py)
ADDRESS_FILE = "app.url"
_ERRORS = {401: "token_refused", 403: "not_loopback", 404: "unknown_site", 411: "length_required",
           413: "too_large"}


class AppImportError(Exception):
    """The running app could not import the file; `code` says why (a key of MESSAGES), `values`
    fill its message."""

    def __init__(self, code: str, values: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.values = values or {}


MESSAGES = {
    "unreachable": "no running app answers at {url} (a stale app.url? is the app starting?)",
    "token_refused": "the app refused the import token (data/secrets/import_token differs?)",
    "not_loopback": "the app accepts imports from its own machine only",
    "unknown_site": "unknown site {site!r}: add it with `python -m audience sites add` or on the staff page "
                    "'Audience sites' first",
    "site_required": "this log ({format}) names no virtual host: say which site it is for with --site",
    "no_format": "log format not recognised (give it with --format); the first line (addresses masked): {line}",
    "bad_format": "invalid --format: {reason}",
    "length_required": "the app needs the file's length",
    "too_large": "the file is larger than 4 GiB (decompressed): split it",
    "bomb": "the file expands more than 200 times once decompressed: not an access log",
    "failed": "the app could not import the file (see its log)",
    "incomplete": "the app's answer stopped before the summary (see its log)",
}


# -- the app's side ------------------------------------------------------------------------------
def _address_path() -> Path:
    return get_settings().APP_DATA_DIR / ADDRESS_FILE


def publish_address(port: int, bind_address: str | None) -> None:
    """Tell local CLIs where the app listens (called once serving starts)."""
    host = bind_address or "127.0.0.1"
    if host in ("0.0.0.0", "localhost"):  # noqa: S104 (reading the bind address, not binding)
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    path = _address_path()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".app.url.")
    with os.fdopen(fd, "w") as out:
        out.write(url + "\n")
    os.replace(tmp, path)


def withdraw_address() -> None:
    _address_path().unlink(missing_ok=True)


def run_sites_command(command: str, name: str = "", hosts: list[str] | None = None) -> dict:
    """A `sites` command on this process's database, as the operator, through the staff page's own
    functions (sites.py: the same checks); its answer as JSON-ready data ({"error": i18n key} if refused)."""
    actor = sites.operator()
    try:
        if command == "add":
            added = sites.add_site(actor, name, hosts or [])
            return {"site": {"name": added.name, "hosts": list(added.hosts)}}
        if command == "remove":
            if not sites.site_exists(name) or name == sites.APP_SITE:
                return {"error": "audience.sites.unknown"}
            sites.delete_site(actor, name)
            return {"removed": name}
        if command == "list":
            return {"sites": [{"name": s.name, "hosts": list(s.hosts)} for s in sites.list_sites(actor)]}
    except sites.SiteError as exc:
        return {"error": exc.key}
    raise ValueError(command)


# -- the CLI's side ------------------------------------------------------------------------------
def running_app_url() -> str | None:
    """The address the running app published, if any."""
    try:
        return _address_path().read_text().strip() or None
    except OSError:
        return None


def sites_through_app(url: str, command: str, name: str = "", hosts: list[str] | None = None) -> dict:
    """A `sites` command run by the app at `url` (run_sites_command's answer)."""
    request = urllib.request.Request(f"{url}/api/sites", method="POST",
                                     data=json.dumps({"command": command, "name": name, "hosts": hosts or []}).encode(),
                                     headers={"Authorization": "Bearer " + get_secret(TOKEN_SECRET),
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        try:
            return json.loads(exc.read())
        except ValueError:
            raise AppImportError(_ERRORS.get(exc.code, "failed")) from None
    except OSError:
        raise AppImportError("unreachable") from None


def import_through_app(url: str, source: Path | bytes, site: str | None,
                       progress: Callable[[int, int], None] | None = None, *, log_format: str | None = None,
                       on_format: Callable[[str], None] | None = None) -> dict:
    """Send a log (a file, or standard input's content held in memory) to the app at `url` for
    `site` (None: by virtual host); its summary (lines_read, events_stored, aggregated_only, dropped).

    The app is asked first whether it takes the import (token, site): when a server refuses a request
    whose body is still being sent, the client sees a broken pipe, not the refusal."""
    size = source.stat().st_size if isinstance(source, Path) else len(source)
    if size > logfile.MAX_LOG_BYTES:
        raise AppImportError("too_large")
    query = urlencode({key: value for key, value in (("site", site), ("format", log_format)) if value})
    target = f"{url}/api/import-log?{query}"
    headers = {"Authorization": "Bearer " + get_secret(TOKEN_SECRET), "Content-Type": "application/octet-stream"}
    try:
        urllib.request.urlopen(urllib.request.Request(target + "&check=1", data=b"", headers=headers, method="POST"),
                               timeout=60).close()
    except urllib.error.HTTPError as exc:
        raise AppImportError(_ERRORS.get(exc.code, "failed"), {"site": site or ""}) from None
    except OSError:  # URLError included: nobody listens there
        raise AppImportError("unreachable") from None
    try:
        with contextlib.ExitStack() as stack:
            body = stack.enter_context(source.open("rb")) if isinstance(source, Path) else source
            # data given to Request itself: setting it later would drop the Content-Length header
            request = urllib.request.Request(target, data=body, method="POST",  # streamed, not chunked
                                             headers={**headers, "Content-Length": str(size)})
            answer = urllib.request.urlopen(request, timeout=600)
        with answer:
            for line in answer:
                message = json.loads(line)
                if "done" in message and progress:
                    progress(message["done"], message["total"])
                elif "format" in message and on_format:
                    on_format(message["format"])
                elif "summary" in message:
                    return message["summary"]
                elif "error" in message:
                    raise AppImportError(message["error"], message.get("values"))
    except urllib.error.HTTPError as exc:
        raise AppImportError(_ERRORS.get(exc.code, "failed"), {"site": site or ""}) from None
    except (http.client.HTTPException, OSError, ValueError):  # cut off or garbled mid-way
        raise AppImportError("incomplete") from None
    raise AppImportError("incomplete")
