"""A log file's content: the part an earlier import covered, found in one pass, plain or gzip."""
import gzip
import hashlib

import blake3
import pytest

from audience import logfile


def _earlier(db, site, rows):
    """Earlier imports of `site`: (digest, bytes) or (digest, bytes, head_digest)."""
    for i, (digest, size, *head) in enumerate(rows):
        db.execute("INSERT INTO audience.log_imports (id, site, digest, head_digest, bytes, lines, stored) "
                   "VALUES (?, ?, ?, ?, ?, 0, 0)", [f"earlier-{i}", site, digest, (head or [None])[0], size])


DATA = b"".join(b"line %d of the log\n" % i for i in range(1000))  # 18,890 bytes


def _b3(content: bytes) -> str:
    return "blake3:" + blake3.blake3(content).hexdigest()


HEAD = _b3(DATA[:logfile.HEAD_BYTES])


@pytest.mark.parametrize("packed", [False, True], ids=["plain", "gzip"])
@pytest.mark.parametrize(("earlier", "covered"), [
    ([], 0),
    ([(_b3(b"another file\n"), 13)], 0),
    ([(_b3(DATA[:100]), 100)], 100),                                                    # ends mid-line
    ([(_b3(DATA), len(DATA))], len(DATA)),
    ([(_b3(DATA), len(DATA), HEAD)], len(DATA)),
    ([(_b3(DATA[:100]), 100), (_b3(b"x" * 500), 500), (_b3(DATA[:300]), 300)], 300),  # not the one that differs
    ([(_b3(DATA[:300]), 300), (_b3(b"y" * 300), 300)], 300),                          # two files of one size
    ([(_b3(DATA[:300]), 300), (hashlib.sha256(DATA[:600]).hexdigest(), 600)], 600),   # SHA-256 (before BLAKE3)
    ([(_b3(DATA[:300]), 300), (_b3(DATA + b"more"), len(DATA) + 4)], 300),             # longer than this file
    ([(_b3(DATA[:9000]), 9000, _b3(b"z" * logfile.HEAD_BYTES))], 0),                  # its start differs: not read
])
def test_the_largest_prefix_imported_before_is_found(db, site, earlier, covered, packed):
    _earlier(db, site, earlier)
    content = logfile.LogContent(gzip.compress(DATA) if packed else DATA)
    skip, lines, hasher = logfile.already_imported(db, site, content)
    assert (skip, lines) == (covered, len(DATA[:covered].splitlines()))
    assert hasher.hexdigest() == blake3.blake3(DATA[:covered]).hexdigest()  # the import goes on from there


@pytest.fixture
def hashed(monkeypatch) -> list[int]:
    """Lengths of the pieces of content hashed (not counting the head's digest)."""
    pieces = []

    class Counting:
        def __init__(self, inner):
            self.inner = inner

        def update(self, data):
            pieces.append(len(data))
            self.inner.update(data)

        def copy(self):
            return Counting(self.inner.copy())

        def hexdigest(self):
            return self.inner.hexdigest()

    real = logfile.hasher
    monkeypatch.setattr(logfile, "hasher", lambda *a: Counting(real(*a)))
    return pieces


def test_a_daily_import_reads_nothing_against_earlier_days_files(db, site, hashed):
    """A daily cron job: hundreds of earlier files, each with its own first lines."""
    _earlier(db, site, [(_b3(b"%d" % i), 5000 + i, _b3(b"%d" % i)) for i in range(200)])
    content = logfile.LogContent(DATA)
    assert logfile.already_imported(db, site, content)[0] == 0
    assert hashed == []


def test_earlier_files_without_a_head_digest_are_compared_in_one_pass(db, site, hashed):
    _earlier(db, site, [(_b3(b"%d" % i), 500 + i) for i in range(200)])
    content = logfile.LogContent(DATA)
    assert logfile.already_imported(db, site, content)[0] == 0
    assert sum(hashed) == 500 + 199  # up to the largest earlier size, once
