"""Benchmark: sustained load on POST /api/collect over loopback, then a graceful shutdown.

    .venv/bin/python benchmarks/collect_load.py [--seconds 20] [--connections 64] [--client wrk|python]

Starts the collector (web.collect handlers in a Starlette app, uvicorn, one worker) in a child
process on 127.0.0.1 with a fresh data directory, drives it with wrk (Debian package `wrk`) or,
without wrk, a built-in asyncio client, measures cheap rejections (malformed, oversized,
unknown site), reads /api/metrics, stops the server with SIGTERM (its lifespan flushes the buffer)
and checks that every accepted event (202) is in the database. Goals: >= 3,000 events/s,
p99 < 50 ms, not one accepted event lost.
"""
from __future__ import annotations

import argparse
import asyncio
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
HEADERS = {"Content-Type": "text/plain;charset=UTF-8", "Origin": "https://www.example.fr", "User-Agent": UA}
BODY = '{"s":"bench","u":"https://www.example.fr/p%d?utm_source=nl","r":"https://www.google.fr/","l":"fr-FR"}'
WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/plain;charset=UTF-8"
wrk.headers["Origin"] = "https://www.example.fr"
wrk.headers["User-Agent"] = "UA_HERE"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, string.format('BODY_HERE', n % 500))
end
""".replace("UA_HERE", UA).replace("BODY_HERE", BODY)


def serve(port: int) -> None:
    """The child process: the collector routes and lifespan hooks, as app.py wires them."""
    from contextlib import asynccontextmanager

    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import Route

    from storage import get_db, reset_db
    from web import collect as http

    @asynccontextmanager
    async def lifespan(_app):
        get_db()
        http.startup()
        yield
        http.shutdown()
        reset_db()

    app = Starlette(routes=[Route("/api/collect", http.collect, methods=["POST", "OPTIONS"]),
                            Route("/api/metrics", http.metrics, methods=["GET"])], lifespan=lifespan)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_ready(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def run_wrk(port: int, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT)
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", f.name,
                          f"http://127.0.0.1:{port}/api/collect"], capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    units = {"us": 1e-3, "ms": 1.0, "s": 1000.0}

    def latency(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * units[unit]

    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"requests": total, "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": latency("50%"), "p99": latency("99%"), "errors": int(non2xx.group(1)) if non2xx else 0,
            "raw": out}


async def _python_client(port: int, seconds: int, connections: int) -> dict:
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = 0
        while time.perf_counter() < stop_at:
            body = (BODY % ((n * 1000 + i) % 500)).encode()
            head = "".join(f"{k}: {v}\r\n" for k, v in HEADERS.items())
            writer.write(f"POST /api/collect HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}Content-Length: {len(body)}\r\n\r\n"
                         .encode() + body)
            started = time.perf_counter()
            status = await reader.readline()
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            errors += b" 202 " not in status
            i += 1
        writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(connections)))
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "errors": errors,
            "p50": latencies[len(latencies) // 2] * 1000, "p99": latencies[int(len(latencies) * 0.99)] * 1000}


def rejections(port: int, n: int = 300) -> dict[str, tuple[int, float]]:
    """Status and mean latency (ms) of bad requests: they must be refused cheaply."""
    cases = {"malformed": b"{not json", "oversized": b"x" * 100_000, "binary": bytes(range(256)) * 4,
             "unknown_site": b'{"s":"nope","u":"https://www.example.fr/"}',
             "script": b'{"s":"bench","u":"<script>alert(1)</script>"}'}
    out = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    for name, body in cases.items():
        started = time.perf_counter()
        for _ in range(n):
            conn.request("POST", "/api/collect", body=body, headers=HEADERS)
            res = conn.getresponse()
            res.read()
            status = res.status
            if res.getheader("connection") == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        out[name] = (status, (time.perf_counter() - started) / n * 1000)
    conn.close()
    return out


def metrics(port: int, data_dir: Path) -> str:
    token = (data_dir / "secrets" / "metrics_token").read_text().strip()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/api/metrics", headers={"Authorization": f"Bearer {token}"})
    text = conn.getresponse().read().decode()
    conn.close()
    return text


def sample(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} ([\d.e+]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        env = {**os.environ, "APP_DATA_DIR": str(data)}
        os.environ["APP_DATA_DIR"] = str(data)
        from config.secrets import get_secret
        from config.settings import reload_settings
        from storage import Database
        reload_settings()
        get_secret("metrics_token")
        db = Database(data)
        db.execute("INSERT INTO audience_sites (name, hosts) VALUES ('bench', ['www.example.fr'])")
        db.close()
        port = free_port()
        server = subprocess.Popen([sys.executable, __file__, "--serve", str(port)], cwd=ROOT, env=env)
        try:
            wait_ready(port)
            print(f"client: {args.client}, {args.connections} connections, {args.seconds} s, server pid {server.pid}")
            load = (run_wrk(port, args.seconds, args.connections) if args.client == "wrk"
                    else asyncio.run(_python_client(port, args.seconds, args.connections)))
            print(f"load:     {load['requests']:,} requests, {load['rps']:,.0f} req/s, p50 {load['p50']:.1f} ms, "
                  f"p99 {load['p99']:.1f} ms, non-202 {load['errors']}")
            for name, (status, ms) in rejections(port).items():
                print(f"reject:   {name:<13} -> HTTP {status}, {ms:.2f} ms mean")
            text = metrics(port, data)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=120)
        accepted = int(sample(text, "audience_collect_accepted_total"))
        flushes = sample(text, "audience_flush_duration_seconds_count")
        if flushes:
            mean = sample(text, "audience_flush_duration_seconds_sum") / flushes * 1000
            print(f"flushes:  {flushes:.0f} during the load, {mean:.0f} ms mean write (pipeline excluded)")
        db = Database(data)
        stored = db.query_one("SELECT count(*) FROM audience.events")[0]
        db.close()
        print(f"accepted: {accepted:,} (202), stored after graceful shutdown: {stored:,}, lost: {accepted - stored}")
        ok = load["rps"] >= 3000 and load["p99"] < 50 and accepted == stored
        print(f"goals (>= 3,000 events/s, p99 < 50 ms, none lost): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
