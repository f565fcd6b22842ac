"""A real app server (`streamlit run app.py`, as `make run` starts it) and a real Chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from storage import Database
from storage import db as db_module
from tests.conftest import PROJECT_ROOT, SmtpSink, free_port, start_smtp

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Waits for the browser: generous, because a loaded CI machine can be slow for a while (a passing run
# does not wait longer for it).
TIMEOUT_MS = 40_000
DEMO_PASSWORDS = {"user": "user-password-1", "staff": "staff-password-1", "dpo": "dpo-password-1",
                  "admin": "admin-password-1"}
pytestmark = pytest.mark.e2e


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    smtp: SmtpSink
    process: subprocess.Popen
    log_path: Path
    passwords: dict = field(default_factory=lambda: dict(DEMO_PASSWORDS))

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_server(data_dir: Path, smtp_port: int, seed=None, env: dict | None = None
                 ) -> tuple[subprocess.Popen, str, Path]:
    """Seed the database (before the server owns it), then start the app like `make run` does."""
    from demo.seed import seed_accounts

    database = Database(data_dir)
    with db_module._instance_lock:
        db_module._instance = database
    seed_accounts(DEMO_PASSWORDS)
    if seed:
        seed()
    db_module.reset_db()
    port = free_port()
    env = {**os.environ, "APP_DATA_DIR": str(data_dir), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp_port),
           "APP_BASE_URL": f"http://127.0.0.1:{port}", "DEMO_SEED": "0", **(env or {})}
    log_path = data_dir.parent / "server.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=PROJECT_ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited:\n" + log_path.read_text(errors="replace"))
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                if resp.read() == b"ok":
                    return proc, url, log_path
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("server did not start:\n" + log_path.read_text(errors="replace"))


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def live_server(tmp_path):
    """A fresh server per test: demo accounts seeded, mails to a real SMTP server on loopback."""
    controller, sink = start_smtp()
    proc, url, log_path = start_server(tmp_path / "live", sink.port)
    yield LiveServer(url=url, data_dir=tmp_path / "live", smtp=sink, process=proc, log_path=log_path)
    stop_server(proc)
    controller.stop()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module: Playwright's sync API keeps an event loop in this thread while it
    runs, which would break later tests in the same worker that call asyncio.run()."""
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def wait_for_app(page) -> None:
    """Streamlit's own readiness signal: connected and the script not running."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached")
    page.wait_for_timeout(250)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']")
    page.wait_for_timeout(150)


def log_in(page, base_url: str, email: str, password: str, *, consent: str | None = "Tout refuser",
           remember: bool = False) -> None:
    """Through the real login form; `consent` is the banner button to click first (None: no banner)."""
    page.goto(base_url + "/login")
    wait_for_app(page)
    if consent:
        page.get_by_role("button", name=consent).click()
        wait_for_app(page)
    if remember:
        page.get_by_text("Se souvenir de moi").click()
        wait_for_app(page)
    page.get_by_role("textbox", name="Adresse e-mail").fill(email)
    page.get_by_role("textbox", name="Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text(f"Connecté : {email}").wait_for()
    wait_for_login_cookie(page)


def wait_for_login_cookie(page) -> None:
    """After a login the browser is sent through POST /api/session, whose answer sets the HttpOnly
    login cookie and loads the page again: wait for both, so that a next page.goto is logged in."""
    for _ in range(TIMEOUT_MS // 100):
        if any(c["name"] == "sme_login" for c in page.context.cookies()):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the login cookie was not set")
    page.wait_for_load_state()
    wait_for_app(page)
