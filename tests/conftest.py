"""Shared fixtures: a fresh database per test, a real SMTP server on loopback, shared data paths."""
from __future__ import annotations

import socket
import threading
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest

import accounts.passwords
from accounts import throttle
from audience import sites
from audience.buffer import stop_buffer
from config import organisation, settings
from storage import Database
from storage import db as db_module

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"


def shared_file(*parts: str) -> Path:
    """A file of ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not found: {path} (it lives beside the project, in ../shared/data)")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Every test gets its own data directory and never sends real mail."""
    monkeypatch.setenv("APP_DATA_DIR", str(tmp_path / "data"))
    for name in ("SMTP_HOST", "DEMO_SEED"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(accounts.passwords, "ROUNDS", 4)  # bcrypt's cheapest cost: tests stay fast
    settings.reload_settings()
    organisation.get_organisation.cache_clear()
    sites.invalidate_cache()  # the configured sites are cached per process, each test has its own database
    throttle.forget_all()
    yield
    stop_buffer()
    db_module.reset_db()
    settings.reload_settings()
    organisation.get_organisation.cache_clear()
    sites.invalidate_cache()


@pytest.fixture
def db(tmp_path) -> Database:
    """A fresh database (compression off, so byte-level searches are meaningful), as the process db."""
    database = Database(tmp_path / "data", force_uncompressed=True)
    with db_module._instance_lock:
        db_module._instance = database
    yield database
    stop_buffer()  # AppTests start the audience buffer thread: stop it before its database closes
    db_module.reset_db()


class SmtpSink:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if address.lower() in m["To"].lower()]


def start_smtp():
    """A real SMTP server (aiosmtpd) on a free loopback port: (controller, sink); sink.port is the port."""
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    return controller, sink


@pytest.fixture
def smtp_server(monkeypatch):
    """mail.send goes through a real SMTP server on loopback; the sink holds what arrived."""
    controller, sink = start_smtp()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(sink.port))
    settings.reload_settings()
    yield sink
    controller.stop()
