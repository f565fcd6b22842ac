"""Contact requests: stored with clean fields, listed for staff only, open ones first unless asked."""
from __future__ import annotations

import pytest

import contact
from accounts import PermissionDenied, get_user_by_email
from accounts.validation import ValidationError
from demo.seed import seed_accounts


def test_requests_are_listed_for_staff_and_marked_handled(db):
    seed_accounts()
    staff = get_user_by_email("demo.staff@example.com")
    contact.submit_request(name=" Ada ", email="Ada@Example.FR ", company="", topic="quote", message="Prix ?")
    [row] = contact.list_requests(staff)
    assert (row["name"], row["email"], row["topic"]) == ("Ada", "ada@example.fr", "quote")
    contact.mark_handled(staff, row["id"])
    assert contact.list_requests(staff) == []
    assert [r["id"] for r in contact.list_requests(staff, include_handled=True)] == [row["id"]]
    with pytest.raises(PermissionDenied):
        contact.list_requests(get_user_by_email("demo.user@example.com"))


def test_a_bad_topic_or_address_stores_nothing(db):
    seed_accounts()
    with pytest.raises(ValidationError):
        contact.submit_request(name="Ada", email="ada@example.fr", company="", topic="spam", message="x")
    with pytest.raises(ValidationError):
        contact.submit_request(name="Ada", email="not an address", company="", topic="quote", message="x")
    assert contact.list_requests(get_user_by_email("demo.staff@example.com"), include_handled=True) == []
