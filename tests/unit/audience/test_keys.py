"""Daily visitor keys: random, rotated daily, destroyed after visitor_key_hours; the visitor hash."""
import hashlib
import os
import random
import stat
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
import pytest

from audience import blake2
from audience.keys import KeyStore, visitor_hash, visitor_hashes

TZ = "Europe/Paris"


@pytest.fixture
def store(tmp_path):
    return KeyStore(tmp_path / "keys", keep_hours=48, timezone=TZ)


def paris(y, m, d, h=0, mi=0):
    from zoneinfo import ZoneInfo
    return datetime(y, m, d, h, mi, tzinfo=ZoneInfo(TZ))


def test_keys_are_random_per_day_stable_within_a_day_and_private(store):
    now = paris(2026, 3, 10, 9)
    k1 = store.key_for(date(2026, 3, 10), now)
    assert store.key_for(date(2026, 3, 10), now + timedelta(hours=5)) == k1
    k0 = store.key_for(date(2026, 3, 9), now)
    assert k0 != k1 and len(k1) == 32
    mode = stat.S_IMODE(os.stat(store.directory / "2026-03-10.key").st_mode)
    assert mode == 0o600


@pytest.mark.parametrize(("now", "kept"), [
    (paris(2026, 3, 10, 23, 59), ["2026-03-09", "2026-03-10"]),   # previous day kept
    (paris(2026, 3, 11, 0, 0), ["2026-03-10"]),                    # 48 h after 9 March 00:00: gone
    (paris(2026, 3, 12, 0, 0), []),
])
def test_rotation_destroys_keys_after_48_hours(store, now, kept):
    start = paris(2026, 3, 10, 1)
    store.key_for(date(2026, 3, 9), start)
    store.key_for(date(2026, 3, 10), start)
    store.rotate(now)
    assert [d.isoformat() for d in store.stored_days()] == kept


def test_destroyed_key_is_not_recreated_and_old_days_get_memory_only_keys(store):
    now = paris(2026, 3, 10, 12)
    old = date(2026, 3, 1)
    k = store.key_for(old, now)
    assert store.key_for(old, now) == k          # same within one import
    assert old not in store.stored_days()        # never written
    store.forget_ephemeral()
    assert store.key_for(old, now) != k          # gone for good


def test_rotation_with_a_shorter_setting(tmp_path):
    store = KeyStore(tmp_path / "k", keep_hours=24, timezone=TZ)
    store.key_for(date(2026, 3, 10), paris(2026, 3, 10, 8))
    assert store.rotate(paris(2026, 3, 10, 23)) == []
    assert store.rotate(paris(2026, 3, 11, 0, 1)) == [date(2026, 3, 10)]


def test_visitor_hash_is_keyed_and_separates_sites_ips_and_agents():
    k1, k2 = b"k" * 32, b"j" * 32
    base = visitor_hash(k1, "shop", "203.0.113.7", "UA")
    assert base == visitor_hash(k1, "shop", "203.0.113.7", "UA")
    assert -(2 ** 63) <= base < 2 ** 63
    others = [visitor_hash(k2, "shop", "203.0.113.7", "UA"), visitor_hash(k1, "blog", "203.0.113.7", "UA"),
              visitor_hash(k1, "shop", "203.0.113.8", "UA"), visitor_hash(k1, "shop", "203.0.113.7", "UA2"),
              visitor_hash(k1, "shop203.0.113.7", "", "UA")]
    assert base not in others and len(set(others)) == len(others)


def test_now_in_utc_and_local_midnight_agree(store):
    # 23:30 UTC on 10 March is 00:30 on 11 March in Paris: the key of the 11th is current.
    store.key_for(date(2026, 3, 11), datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    assert store.rotate(datetime(2026, 3, 12, 22, 59, tzinfo=UTC)) == []
    assert store.rotate(datetime(2026, 3, 12, 23, 0, tzinfo=UTC)) == [date(2026, 3, 11)]


def _blake2b_reference(key: bytes, msg: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(msg, key=key, digest_size=8).digest(), "big", signed=True)


@pytest.mark.parametrize("key_size", [1, 16, 32, 64])
def test_compiled_blake2b_is_hashlibs(key_size):
    """Messages of every length around the 128-byte blocks, several keys in one call."""
    rng = random.Random(key_size)
    keys = [rng.randbytes(key_size) for _ in range(3)]
    messages = [rng.randbytes(n) for n in [*range(1, 300), 383, 384, 385, 1000]]
    which = [rng.randrange(3) for _ in messages]
    states = blake2.keyed_states(keys)
    block, h = np.empty(blake2.BLOCK, np.uint8), np.empty(8, np.uint64)  # reused, as compiled callers do
    got = blake2.as_ids(np.array([blake2.digest(states[w], np.frombuffer(m, np.uint8), block, h)
                                  for w, m in zip(which, messages, strict=True)], np.uint64))
    assert got.tolist() == [_blake2b_reference(keys[w], m) for w, m in zip(which, messages, strict=True)]


def test_visitor_hashes_of_many_rows_match_the_one_by_one_definition():
    key_a, key_b = b"a" * 32, b"b" * 32
    sites, ips, agents = ["shop", "blog", ""], ["203.0.113.9", "2001:db8::1", None], ["Firefox", "é" * 200, ""]
    rows = np.array([(k, s, i, a) for k in (0, 1) for s in (0, 1, 2) for i in (0, 1, 2) for a in (0, 1, 2)])
    got = visitor_hashes([key_a, key_b], sites, ips, agents, rows)
    for (k, s, i, a), value in zip(rows.tolist(), got.tolist(), strict=True):
        msg = f"{sites[s]}\0{ips[i] or ''}\0{agents[a] or ''}".encode()
        assert value == _blake2b_reference((key_a, key_b)[k], msg)
    # the same from Arrow arrays (read in place), sliced ones included (their offsets do not start at 0)
    arrow = [pa.array(["x", *values])[1:] for values in (sites, ips, agents)]
    assert visitor_hashes([key_a, key_b], *arrow, rows).tolist() == got.tolist()
    assert visitor_hashes([key_a, key_b], *(a.cast(pa.string_view()) for a in arrow), rows).tolist() == got.tolist()
