"""A log file's content for the importer (logs.py): read plain or compressed, in order, and recognised.

A file is mapped, not copied. Compressed content (gzip, bzip2, zstd: by magic number, not by name)
is decompressed a chunk at a time as the import goes, never held whole. Memory is bounded by
construction against a decompression bomb: the stream is read COMPRESSED_CHUNK_BYTES at a time, a
line longer than MAX_LINE_BYTES is skipped unread (counted: `LogContent.long_lines`), content that
expands more than MAX_RATIO times is refused (CompressionBombError) and so is content past
MAX_LOG_BYTES (LogTooLargeError). Standard input (`read_stdin`) is kept in memory compressed.
Each import records the BLAKE3 digest of the content, and of its first 4 KiB: `already_imported`
finds the part of a file that an earlier import covered (the same file again, or a file that grew
since), reading nothing further against earlier files that start differently.
"""
from __future__ import annotations

import bz2
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
import zstandard

from audience import store
from storage import Database

MAX_LOG_BYTES = 4 * 1024 ** 3  # decompressed
MAX_LINE_BYTES = 1 << 16  # a longer line is no access log's: skipped, counted (Drop.LINE_TOO_LONG)
MAX_RATIO = 200  # decompressed / compressed: real access logs compress 5-30 times, a bomb 1,000+
RATIO_FLOOR = 1 << 24  # decompressed bytes before the ratio is judged (a small file may compress well)
COMPRESSED_CHUNK_BYTES = 1 << 24  # chunks of decompressed content (memory: a few of them in flight)
MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bz2", b"\x28\xb5\x2f\xfd": "zstd"}
HEAD_BYTES = 4096  # compared first with earlier imports' (log_imports.head_digest)
GZIP_PIECE = 1 << 24  # bytes read at a time where a file is only hashed and its lines counted


class LogTooLargeError(ValueError):
    """A compressed log expanding beyond MAX_LOG_BYTES (a zip bomb, or split the file)."""

    code = "too_large"  # the key of its message (app_import.MESSAGES, i18n audience.import.<code>)


class CompressionBombError(LogTooLargeError):
    """Compressed content expanding more than MAX_RATIO times: no access log does."""

    code = "bomb"


def compression(data: bytes | bytearray | mmap.mmap) -> str | None:
    """'gzip', 'bz2' or 'zstd' by the content's magic number; None when plain."""
    return next((kind for magic, kind in MAGIC.items() if data[:len(magic)] == magic), None)


def read_stdin(stream: io.BufferedIOBase) -> bytes:
    """Standard input's content in memory, never on disk (it holds full IPs): compressed content as
    it comes, plain content compressed on the fly (zstd level 1: a tenth of the memory)."""
    head = stream.read(4)
    if compression(head):
        data = head + stream.read(MAX_LOG_BYTES + 1)
        if len(data) > MAX_LOG_BYTES:
            raise LogTooLargeError(MAX_LOG_BYTES)
        return data
    out = io.BytesIO()
    total = len(head)
    with zstandard.ZstdCompressor(level=1).stream_writer(out, closefd=False) as packed:
        packed.write(head)
        while piece := stream.read(GZIP_PIECE):
            total += len(piece)
            if total > MAX_LOG_BYTES:
                raise LogTooLargeError(MAX_LOG_BYTES)
            packed.write(piece)
    return out.getvalue() if total else b""


def read_log(path: Path) -> bytes | mmap.mmap:
    """A log file's bytes, mapped, not copied (read as they are parsed), gzip or not. A file truncated
    while mapped (logrotate's copytruncate) ends the process: import rotated files, not the one the
    server is writing."""
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


class LogContent:
    """A log's content, read from its start: plain (chunks are views of the buffer) or compressed
    (memory holds the compressed bytes and the chunks in flight, never the whole content)."""

    def __init__(self, data: bytes | bytearray | mmap.mmap) -> None:
        self.data = data
        self.kind = compression(data)
        self.compressed = self.kind is not None
        self.long_lines = 0  # lines over MAX_LINE_BYTES that chunks() skipped

    def size_hint(self) -> int:
        """Bytes of content: exact when plain; for gzip the size its trailer states (modulo 4 GiB, of
        the last member only: good enough to size chunks); for bzip2 and zstd 0 (unknown)."""
        if self.kind is None:
            return len(self.data)
        if self.kind == "gzip" and len(self.data) >= 18:
            return int.from_bytes(self.data[-4:], "little")
        return 0

    def head(self, size: int) -> bytes:
        """The first `size` bytes of the content (all of it when shorter)."""
        if not self.compressed:
            return bytes(self.data[:size])
        with self._gunzip() as (stream, _source):
            return stream.read(size)

    @functools.cached_property
    def head_digest(self) -> str:
        """Digest of the first HEAD_BYTES of the content (all of it when shorter)."""
        if not self.compressed:
            return digest_text(hasher(memoryview(self.data)[:HEAD_BYTES]))
        with self._gunzip() as (stream, _source):
            return digest_text(hasher(stream.read(HEAD_BYTES)))

    def pieces(self) -> Iterator[memoryview]:
        """The content from its start, in pieces of any length."""
        if not self.compressed:
            yield memoryview(self.data)
            return
        with self._gunzip() as (stream, _source):
            while piece := stream.read(GZIP_PIECE):
                yield memoryview(piece)

    def chunks(self, skip: int, size: int) -> Iterator[tuple[memoryview, float]]:
        """The content after its first `skip` bytes in chunks of whole lines of about `size` bytes
        (longer if one line is), each with the fraction of that part read so far."""
        if not self.compressed:
            for start, end in line_chunks(self.data, skip, size):
                yield memoryview(self.data)[start:end], (end - skip) / (len(self.data) - skip)
            return
        size = min(size, COMPRESSED_CHUNK_BYTES)
        with self._gunzip() as (stream, source):
            while skip:  # already imported (and hashed): decompressed, not kept
                skipped = len(stream.read(min(skip, GZIP_PIECE)))
                if not skipped:
                    return
                skip -= skipped
            start = source.tell()
            carry = b""
            skipping = False  # inside a line longer than MAX_LINE_BYTES: read on to its end, unkept
            while True:
                want = size - len(carry)
                block = stream.read(want if want > 0 else size)
                end_of_stream = not block
                if skipping and not end_of_stream:
                    end = block.find(b"\n")
                    if end < 0:
                        continue
                    skipping, block = False, block[end + 1:]
                chunk = carry + block if carry else block
                cut = len(chunk) if end_of_stream else chunk.rfind(b"\n") + 1
                carry = chunk[cut:]
                if len(carry) > MAX_LINE_BYTES:  # no end in sight: the line is dropped, not held
                    self.long_lines += 1
                    carry, skipping = b"", True
                if cut:
                    read = (source.tell() - start) / max(1, len(self.data) - start)
                    yield memoryview(chunk)[:cut], 1.0 if end_of_stream else min(read, 0.99)
                if end_of_stream:
                    return

    @contextlib.contextmanager
    def _gunzip(self) -> Iterator[tuple[_Capped, _Reader]]:
        """The decompressed stream (any of the kinds) and the compressed source it reads."""
        source = _Reader(self.data)
        try:
            with _decompressor(self.kind, source) as stream:
                yield _Capped(stream, source), source
        finally:
            source.close()  # releases the view: the mapped file can be closed


def _decompressor(kind: str | None, source: io.RawIOBase):
    if kind == "gzip":
        return gzip.GzipFile(fileobj=source)
    if kind == "bz2":
        return bz2.BZ2File(source)
    # zstd: frames one after another (a file written in pieces, our own stdin copy) are read as one
    return zstandard.ZstdDecompressor().stream_reader(source, read_across_frames=True, closefd=False)


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
    """A decompressed stream that raises LogTooLargeError past MAX_LOG_BYTES, and
    CompressionBombError once it has expanded more than MAX_RATIO times the compressed bytes read."""

    def __init__(self, stream, source: _Reader) -> None:
        self._stream, self._source, self._read = stream, source, 0

    def read(self, n: int) -> bytes:
        out = self._stream.read(n)
        self._read += len(out)
        if self._read > MAX_LOG_BYTES:
            raise LogTooLargeError(MAX_LOG_BYTES)
        if self._read > RATIO_FLOOR and self._read > MAX_RATIO * max(1, self._source.tell()):
            raise CompressionBombError(MAX_RATIO)
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
        db, site, content.size_hint() if not content.compressed else MAX_LOG_BYTES)
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
