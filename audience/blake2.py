"""Keyed BLAKE2b with an 8-byte digest (RFC 7693), compiled, for compiled callers (keys.py).

The same function as `hashlib.blake2b(msg, key=key, digest_size=8)` (the tests compare the two on
random keys and messages), called from compiled loops: a log import hashes ~100,000 visitors
without a Python call each. The state after the key block depends only on the key: `keyed_states`
computes it once per key, `digest` goes on from it for each message.
"""
from __future__ import annotations

import numba
import numpy as np

_IV = np.array([0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
                0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179], np.uint64)
_SIGMA = (
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
)
# The message word order of each of the 12 rounds, as constants: the rounds are unrolled when compiled.
_ROUNDS = tuple(tuple(_SIGMA[r % 10]) for r in range(12))
BLOCK = 128
DIGEST = 8


@numba.njit(inline="always")
def _rotr(x: np.uint64, n: int) -> np.uint64:
    return (x >> np.uint64(n)) | (x << np.uint64(64 - n))


@numba.njit(inline="always")
def _g(a: np.uint64, b: np.uint64, c: np.uint64, d: np.uint64, x: np.uint64, y: np.uint64):
    """The mixing function G (RFC 7693, 3.1)."""
    a = a + b + x
    d = _rotr(d ^ a, 32)
    c = c + d
    b = _rotr(b ^ c, 24)
    a = a + b + y
    d = _rotr(d ^ a, 16)
    c = c + d
    b = _rotr(b ^ c, 63)
    return a, b, c, d


@numba.njit(nogil=True, cache=True)
def _compress(h: np.ndarray, m: np.ndarray, counter: int, last: bool) -> None:
    """Mix one 128-byte block (as 16 little-endian words m) into the state h (RFC 7693, 3.2). The
    working vector is 16 local variables, not an array, so that it stays in registers."""
    v0, v1, v2, v3, v4, v5, v6, v7 = h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
    v8, v9, v10, v11, v12, v13, v14, v15 = _IV[0], _IV[1], _IV[2], _IV[3], _IV[4], _IV[5], _IV[6], _IV[7]
    v12 ^= np.uint64(counter)  # messages here are far below 2**64 bytes: the high word stays 0
    if last:
        v14 = ~v14
    for s in numba.literal_unroll(_ROUNDS):
        v0, v4, v8, v12 = _g(v0, v4, v8, v12, m[s[0]], m[s[1]])
        v1, v5, v9, v13 = _g(v1, v5, v9, v13, m[s[2]], m[s[3]])
        v2, v6, v10, v14 = _g(v2, v6, v10, v14, m[s[4]], m[s[5]])
        v3, v7, v11, v15 = _g(v3, v7, v11, v15, m[s[6]], m[s[7]])
        v0, v5, v10, v15 = _g(v0, v5, v10, v15, m[s[8]], m[s[9]])
        v1, v6, v11, v12 = _g(v1, v6, v11, v12, m[s[10]], m[s[11]])
        v2, v7, v8, v13 = _g(v2, v7, v8, v13, m[s[12]], m[s[13]])
        v3, v4, v9, v14 = _g(v3, v4, v9, v14, m[s[14]], m[s[15]])
    h[0] ^= v0 ^ v8
    h[1] ^= v1 ^ v9
    h[2] ^= v2 ^ v10
    h[3] ^= v3 ^ v11
    h[4] ^= v4 ^ v12
    h[5] ^= v5 ^ v13
    h[6] ^= v6 ^ v14
    h[7] ^= v7 ^ v15


@numba.njit(nogil=True, cache=True)
def _keyed_state(key: np.ndarray) -> np.ndarray:
    """The state after the parameter block and the key block: shared by every message of the key."""
    h = _IV.copy()
    h[0] ^= np.uint64(0x01010000 | (len(key) << 8) | DIGEST)
    padded = np.zeros(BLOCK, np.uint8)
    padded[:len(key)] = key
    _compress(h, padded.view(np.uint64), BLOCK, False)
    return h


@numba.njit(nogil=True, cache=True)
def digest(state: np.ndarray, message: np.ndarray, block: np.ndarray, h: np.ndarray) -> np.uint64:
    """First state word of BLAKE2b over `message` from a keyed state (block, h: scratch arrays of
    BLOCK bytes and 8 words, reused from one message to the next)."""
    h[:] = state
    words = block.view(np.uint64)  # little-endian words, as the RFC reads them (x86 and ARM alike)
    at, end = 0, len(message)
    done = BLOCK  # the key block
    while True:  # every full block but the last is a plain one; the last (maybe partial) is final
        size = min(end - at, BLOCK)
        block[:] = 0
        block[:size] = message[at:at + size]
        at += size
        done += size
        _compress(h, words, done, at >= end)
        if at >= end:
            return h[0]


def keyed_states(keys: list[bytes]) -> np.ndarray:
    """The state of each key after its key block (one row each). Keys: 1..64 bytes."""
    if any(not 0 < len(k) <= 64 for k in keys):
        raise ValueError("BLAKE2b keys are 1 to 64 bytes")
    return np.stack([_keyed_state(np.frombuffer(k, np.uint8)) for k in keys]) if keys else np.zeros((0, 8), np.uint64)


def as_ids(first_words: np.ndarray) -> np.ndarray:
    """8-byte digests (first state words) as the digest bytes read big-endian into signed 64-bit integers."""
    return first_words.byteswap().view(np.int64)  # the digest is h[0] little-endian

