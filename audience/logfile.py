"""A log file's content for the importer (logs.py): read plain or gzip, in order, and recognised.

A file is mapped, not copied. Gzip content (by magic number, not by name) is decompressed a chunk
at a time as the import goes, never held whole; past MAX_LOG_BYTES (a zip bomb) LogTooLargeError.
Each import records the BLAKE3 digest of the content, and of its first 4 KiB: `already_imported`
finds the part of a file that an earlier import covered (the same file again, or a file that grew
since), reading nothing further against earlier files that start differently.
"""
from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import io
import mmap
import os
from collections.abc import Iterator
from pathlib import Path

import blake3
import numpy as np

from audience import store
from storage import Database

MAX_LOG_BYTES = 4 * 1024 ** 3  # decompressed
HEAD_BYTES = 4096  # compared first with earlier imports' (log_imports.head_digest)
GZIP_PIECE = 1 << 24  # bytes read at a time where a file is only hashed and its lines counted


class LogTooLargeError(ValueError):
    """A compressed log expanding beyond MAX_LOG_BYTES (a zip bomb, or split the file)."""


def read_log(path: Path) -> bytes | mmap.mmap:
    """A log file's bytes, mapped, not copied (read as they are parsed), gzip or not. A file truncated
    while mapped (logrotate's copytruncate) ends the process: import rotated files, not the one the
    server is writing."""
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


class LogContent:
    """A log's content, read from its start: plain (chunks are views of the buffer) or gzip (memory
    holds the compressed bytes and the chunks in flight, never the whole content)."""

    def __init__(self, data: bytes | bytearray | mmap.mmap) -> None:
        self.data = data
        self.gzip = data[:2] == b"\x1f\x8b"

    def size_hint(self) -> int:
        """Bytes of content: exact when plain; for gzip the size its trailer states (modulo 4 GiB, of
        the last member only: good enough to size chunks)."""
        if not self.gzip:
            return len(self.data)
        return int.from_bytes(self.data[-4:], "little") if len(self.data) >= 18 else 0

    @functools.cached_property
    def head_digest(self) -> str:
        """Digest of the first HEAD_BYTES of the content (all of it when shorter)."""
        if not self.gzip:
            return digest_text(hasher(memoryview(self.data)[:HEAD_BYTES]))
        with self._gunzip() as (stream, _source):
            return digest_text(hasher(stream.read(HEAD_BYTES)))

    def pieces(self) -> Iterator[memoryview]:
        """The content from its start, in pieces of any length."""
        if not self.gzip:
            yield memoryview(self.data)
            return
        with self._gunzip() as (stream, _source):
            while piece := stream.read(GZIP_PIECE):
                yield memoryview(piece)

    def chunks(self, skip: int, size: int) -> Iterator[tuple[memoryview, float]]:
        """The content after its first `skip` bytes in chunks of whole lines of about `size` bytes
        (longer if one line is), each with the fraction of that part read so far."""
        if not self.gzip:
            for start, end in line_chunks(self.data, skip, size):
                yield memoryview(self.data)[start:end], (end - skip) / (len(self.data) - skip)
            return
        with self._gunzip() as (stream, source):
            while skip:  # already imported (and hashed): decompressed, not kept
                skipped = len(stream.read(min(skip, GZIP_PIECE)))
                if not skipped:
                    return
                skip -= skipped
            start = source.tell()
            carry = b""
            while True:
                want = size - len(carry)
                block = stream.read(want if want > 0 else size)  # (a line longer than a chunk: more)
                chunk = carry + block if carry else block
                cut = chunk.rfind(b"\n") + 1 if block else len(chunk)
                carry = chunk[cut:]
                if cut:
                    read = (source.tell() - start) / max(1, len(self.data) - start)
                    yield memoryview(chunk)[:cut], 1.0 if not block else min(read, 0.99)
                if not block:
                    return

    @contextlib.contextmanager
    def _gunzip(self) -> Iterator[tuple[_Capped, _Reader]]:
        source = _Reader(self.data)
        try:
            with gzip.GzipFile(fileobj=source) as stream:
                yield _Capped(stream), source
        finally:
            source.close()  # releases the view: the mapped file can be closed


class _Reader(io.RawIOBase):
    """A buffer read as a file without copying it (io.BytesIO copies a bytearray or a mapping)."""

    def __init__(self, data: bytes | bytearray | mmap.mmap) -> None:
        self._view, self._at = memoryview(data), 0

    def readable(self) -> bool:
        return True

    def readinto(self, out) -> int:
        n = min(len(out), len(self._view) - self._at)
        out[:n] = self._view[self._at:self._at + n]
        self._at += n
        return n

    def tell(self) -> int:
        return self._at

    def close(self) -> None:
        self._view.release()
        super().close()


class _Capped:
    """A decompressed stream that raises LogTooLargeError past MAX_LOG_BYTES."""

    def __init__(self, stream: gzip.GzipFile) -> None:
        self._stream, self._read = stream, 0

    def read(self, n: int) -> bytes:
        out = self._stream.read(n)
        self._read += len(out)
        if self._read > MAX_LOG_BYTES:
            raise LogTooLargeError(MAX_LOG_BYTES)
        return out


def hasher(content: bytes | memoryview = b"") -> blake3.blake3:
    return blake3.blake3(content, max_threads=1)  # the parse threads have the other cores


def digest_text(fed: blake3.blake3) -> str:
    return "blake3:" + fed.hexdigest()


def already_imported(db: Database, site: str, content: LogContent) -> tuple[int, int, blake3.blake3]:
    """Bytes and lines at the start of `content` that an earlier import of this site already
    covered (the largest such prefix), and the content's hasher fed with them.

    An earlier file whose first HEAD_BYTES differ from the content's cannot be a prefix: a daily cron job
    (hundreds of earlier files, each a new day's) reads nothing more. The rest is one pass, however
    many candidates: the digest so far is compared at each one's size. Imports before BLAKE3 stored
    SHA-256 hex digests (and no head): those are compared with a SHA-256 of the same prefix."""
    rows = [(size, digest) for size, digest, their_head in store.earlier_imports(
        db, site, content.size_hint() if not content.gzip else MAX_LOG_BYTES)
        if size < HEAD_BYTES or their_head is None or their_head == content.head_digest]
    fed = hasher()
    legacy = hashlib.sha256() if any(not digest.startswith("blake3:") for _, digest in rows) else None
    done = lines = best = best_lines = 0
    last = 10  # the content's byte before `done`
    at_best = fed.copy()
    piece, piece_at = memoryview(b""), 0  # the current piece and where it starts in the content
    with contextlib.closing(content.pieces()) as pieces:
        for size, digest in rows:
            while done < size:  # feed the content up to `size`
                if done == piece_at + len(piece):
                    piece_at, piece = done, next(pieces, None)
                    if piece is None:
                        return best, best_lines, at_best  # the content ends before
                part = piece[done - piece_at:min(size - piece_at, len(piece))]
                fed.update(part)
                if legacy is not None:
                    legacy.update(part)
                lines += _newlines(part)
                done += len(part)
                last = part[-1]
            so_far = digest_text(fed) if digest.startswith("blake3:") else legacy.hexdigest()
            if so_far == digest and size:
                best, best_lines, at_best = size, lines + (last != 10), fed.copy()
    return best, best_lines, at_best


def _newlines(view: memoryview) -> int:
    """Newlines in `view`, counted GZIP_PIECE bytes at a time (a bounded temporary array)."""
    data = np.frombuffer(view, np.uint8)
    return sum(int(np.count_nonzero(data[i:i + GZIP_PIECE] == 10)) for i in range(0, len(data), GZIP_PIECE))


def line_chunks(data: bytes, start: int, size: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of data[start:] of at most about `size` bytes, whole lines."""
    out = []
    while start < len(data):
        end = len(data)
        if start + size < len(data):
            cut = data.rfind(b"\n", start, start + size)
            end = cut + 1 if cut >= 0 else (data.find(b"\n", start + size) + 1 or len(data))
        out.append((start, end))
        start = end
    return out
