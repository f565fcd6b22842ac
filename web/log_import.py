"""POST /api/import-log and POST /api/sites: a log file, or a `sites` command, handed over by the CLI
while the app owns the database (the exchange is described in audience/app_import.py, the CLI's side)."""
from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from audience import logfile, logs, sites
from audience.anonymise import parse_ip
from audience.app_import import TOKEN_SECRET, run_sites_command
from config.secrets import get_secret
from web.collect import read_body

log = logging.getLogger("audience")


def _is_loopback(host: str | None) -> bool:
    addr = parse_ip(host)
    return addr is not None and addr.is_loopback


def _refused(request: Request) -> Response | None:
    """The answer to a request not from this machine or without the import token; None: accepted."""
    if not _is_loopback(request.client.host if request.client else None):
        return JSONResponse({"error": "not_loopback"}, status_code=403)
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), ("Bearer " + get_secret(TOKEN_SECRET)).encode()):
        return JSONResponse({"error": "token_refused"}, status_code=401, headers={"WWW-Authenticate": "Bearer"})
    return None


async def sites_endpoint(request: Request) -> Response:
    """POST /api/sites, JSON {"command": "add" | "list" | "remove", "name", "hosts"}: the CLI's
    `sites` commands run by the app while it owns the database (loopback and import token, as imports)."""
    if (refusal := _refused(request)) is not None:
        return refusal
    body = await read_body(request, 64 * 1024)
    try:
        asked = json.loads(bytes(body or b"{}"))
        hosts = [str(host) for host in asked.get("hosts", [])]
        answer = run_sites_command(asked["command"], str(asked.get("name", "")), hosts)
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"error": "invalid"}, status_code=400)
    return JSONResponse(answer, status_code=200 if "error" not in answer else 400)


async def import_endpoint(request: Request) -> Response:
    """POST /api/import-log?site=NAME&format=F: import the body (a log, plain or compressed) into the
    site (none: each line's virtual host chooses), in the given format (none: detected)."""
    if (refusal := _refused(request)) is not None:
        return refusal
    site = request.query_params.get("site") or None  # none: each line's virtual host chooses
    if site is not None and (site not in sites.hosts_by_site() or site == sites.APP_SITE):
        return JSONResponse({"error": "unknown_site"}, status_code=404)
    if request.query_params.get("check") == "1":  # the CLI asks first: a refusal cut into an upload is lost
        return Response(status_code=204)
    if not request.headers.get("content-length", "").isdigit():
        return JSONResponse({"error": "length_required"}, status_code=411)
    body = await read_body(request, logfile.MAX_LOG_BYTES)
    if body is None:
        return JSONResponse({"error": "too_large"}, status_code=413)
    log_format = request.query_params.get("format") or None
    return StreamingResponse(_run(body, site, log_format), media_type="application/x-ndjson")


async def _run(body: bytearray, site: str | None, log_format: str | None = None) -> AsyncIterator[str]:
    """The import on a worker thread; its progress, then its outcome, as JSON lines."""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[dict | None] = asyncio.Queue()

    def send(message: dict | None) -> None:
        loop.call_soon_threadsafe(lines.put_nowait, message)

    def work() -> None:
        try:
            summary = logs.import_bytes(body, site, progress=lambda done, total: send({"done": done, "total": total}),
                                        log_format=log_format, on_format=lambda name: send({"format": name}))
            send({"summary": {"lines_read": summary.lines_read, "events_stored": summary.events_stored,
                              "aggregated_only": summary.aggregated_only,
                              "dropped": {str(reason): n for reason, n in summary.dropped.items() if n}}})
        except logs.REFUSALS as exc:  # too large, a bomb, no format, a site removed since the check...
            code, values = logs.refusal(exc)
            send({"error": code, "values": values})
        except logs.ImportFailedError:  # logged by the import (by its type only)
            send({"error": "failed"})
        except Exception as exc:  # around the import: the type only, as the import does
            log.error("log import through the app failed (%s)", type(exc).__name__)
            send({"error": "failed"})
        finally:
            send(None)

    worker = loop.run_in_executor(None, work)
    while (message := await lines.get()) is not None:
        yield json.dumps(message) + "\n"
    await worker
