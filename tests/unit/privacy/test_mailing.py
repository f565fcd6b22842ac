"""Objection to mailings: opt-in subscriptions, one-click unsubscribe, the footer of every mail."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from accounts import User
from mail import subscriptions as mailing
from web import unsubscribe


def _run_coroutine(coro):
    """asyncio.run in a thread of its own: a Playwright sync session may own this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _user(email="ada@example.fr"):
    return User(id="11111111-1111-1111-1111-111111111111", email=email, first_name="Ada", last_name="",
                company="", siren="", roles=("user",), language="fr", confirmed=True, disabled=False)


def _add_account(db, email="ada@example.fr"):
    db.execute("INSERT INTO users (id, email, password_hash) VALUES (?, ?, 'x')",
               ["11111111-1111-1111-1111-111111111111", email])


def test_token_round_trip_hides_the_address(db):
    token = mailing.unsubscribe_token("Ada@Example.fr ")
    assert "ada" not in token.lower() and "example" not in token.lower()
    assert mailing.email_of_token(token) == "ada@example.fr"
    with pytest.raises(mailing.UnsubscribeError):
        mailing.email_of_token(token[:-4] + "AAAA")
    with pytest.raises(mailing.UnsubscribeError):
        mailing.email_of_token("")


def test_optional_kinds_are_opt_in(db):
    assert mailing.is_unsubscribed("ada@example.fr", "news")          # never subscribed
    mailing.set_subscription(_user(), "news", True)
    assert not mailing.is_unsubscribed("ADA@example.fr", "news")
    assert mailing.subscriptions("ada@example.fr") == {"news": True}
    mailing.set_subscription(_user(), "news", False)
    assert mailing.is_unsubscribed("ada@example.fr", "news")
    with pytest.raises(ValueError):
        mailing.set_subscription(_user(), "account", False)             # not optional
    with pytest.raises(PermissionError):
        mailing.set_subscription(None, "news", True)


def test_one_click_unsubscribe_objects_to_every_optional_mailing(db):
    mailing.set_subscription(_user(), "news", True)
    assert mailing.unsubscribe(mailing.unsubscribe_token("ada@example.fr")) == "ada@example.fr"
    assert mailing.is_unsubscribed("ada@example.fr", "news")
    assert mailing.is_unsubscribed("ada@example.fr", "promotion")      # any other optional kind
    assert mailing.subscriptions("ada@example.fr") == {"news": False}
    for kind in mailing.TRANSACTIONAL_KINDS:                            # never blocked
        assert not mailing.is_unsubscribed("ada@example.fr", kind)
    mailing.set_subscription(_user(), "news", True)                     # subscribing again lifts it
    assert not mailing.is_unsubscribed("ada@example.fr", "news")


def test_footer_links_account_holders_to_their_account_and_others_to_the_centre(db):
    _add_account(db)
    for email, page in (("ada@example.fr", "/account"), ("visitor@example.fr", "/privacy_centre")):
        for lang in ("fr", "en"):
            text = mailing.footer(email, lang)
            url = next(w for w in text.split() if w.startswith("http"))
            parsed = urlparse(url)
            assert parsed.path == page
            token = parse_qs(parsed.query)["unsubscribe"][0]
            assert mailing.email_of_token(unquote(token)) == email
            assert email not in text


def test_every_mail_carries_the_footer_and_optional_mails_respect_objection(db, smtp_server):
    from mail import send

    _add_account(db)
    assert send("ada@example.fr", "Bienvenue", "Bonjour", kind="account") is not False
    assert send("ada@example.fr", "News", "Nouveautés", kind="news") is False      # not subscribed
    mailing.set_subscription(_user(), "news", True)
    assert send("ada@example.fr", "News", "Nouveautés", kind="news") is not False
    mailing.unsubscribe(mailing.unsubscribe_token("ada@example.fr"))
    assert send("ada@example.fr", "News 2", "Encore", kind="news") is False
    assert send("ada@example.fr", "Securite", "Code", kind="account") is not False
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert subjects == ["Bienvenue", "News", "Securite"]
    for message in smtp_server.messages:
        body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
        assert "/account?unsubscribe=" in body


def test_rfc8058_headers_and_one_click_post(db):
    from starlette.requests import Request

    headers = mailing.list_unsubscribe_headers("reader@example.fr")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = urlparse(headers["List-Unsubscribe"].strip("<>"))
    assert url.path == "/api/unsubscribe" and "reader" not in url.query

    def post(query: str):
        scope = {"type": "http", "method": "POST", "path": "/api/unsubscribe", "query_string": query.encode(),
                 "headers": []}

        async def receive():
            return {"type": "http.request", "body": b"List-Unsubscribe=One-Click"}
        return _run_coroutine(unsubscribe.unsubscribe_endpoint(Request(scope, receive)))

    assert post(url.query).status_code == 200
    assert mailing.is_unsubscribed("reader@example.fr", "promotion")
    assert post("token=forged").status_code == 400
