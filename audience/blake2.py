"""Keyed BLAKE2b with an 8-byte digest over many short messages at once (RFC 7693), compiled.

The same function as `hashlib.blake2b(msg, key=key, digest_size=8)` (the tests compare the two on
random keys and messages), without a Python call per message: a log import hashes ~100,000
visitors. The state after the key block depends only on the key, so it is computed once per key.
"""
from __future__ import annotations

import numba
import numpy as np

_IV = np.array([0x6A09E667F3BCC908, 0xBB67AE8584CAA73B, 0x3C6EF372FE94F82B, 0xA54FF53A5F1D36F1,
                0x510E527FADE682D1, 0x9B05688C2B3E6C1F, 0x1F83D9ABFB41BD6B, 0x5BE0CD19137E2179], np.uint64)
_SIGMA = np.array([
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4], [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13], [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11], [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5], [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
], np.int64)
_MIX = np.array([[0, 4, 8, 12], [1, 5, 9, 13], [2, 6, 10, 14], [3, 7, 11, 15],
                 [0, 5, 10, 15], [1, 6, 11, 12], [2, 7, 8, 13], [3, 4, 9, 14]], np.int64)
BLOCK = 128
DIGEST = 8


@numba.njit(inline="always")
def _rotr(x: np.uint64, n: int) -> np.uint64:
    return (x >> np.uint64(n)) | (x << np.uint64(64 - n))


@numba.njit(nogil=True, cache=True)
def _compress(h: np.ndarray, block: np.ndarray, counter: int, last: bool) -> None:
    """Mix one 128-byte block (as 16 little-endian words) into the state h (RFC 7693, 3.2)."""
    v = np.empty(16, np.uint64)
    v[:8] = h
    v[8:] = _IV
    v[12] ^= np.uint64(counter)  # messages here are far below 2**64 bytes: the high word stays 0
    if last:
        v[14] = ~v[14]
    for r in range(12):
        s = _SIGMA[r % 10]
        for i in range(8):
            a, b, c, d = _MIX[i, 0], _MIX[i, 1], _MIX[i, 2], _MIX[i, 3]
            v[a] = v[a] + v[b] + block[s[2 * i]]
            v[d] = _rotr(v[d] ^ v[a], 32)
            v[c] = v[c] + v[d]
            v[b] = _rotr(v[b] ^ v[c], 24)
            v[a] = v[a] + v[b] + block[s[2 * i + 1]]
            v[d] = _rotr(v[d] ^ v[a], 16)
            v[c] = v[c] + v[d]
            v[b] = _rotr(v[b] ^ v[c], 63)
    for i in range(8):
        h[i] ^= v[i] ^ v[i + 8]


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
def _digests(states: np.ndarray, which: np.ndarray, data: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """First state word of BLAKE2b over data[starts[i]:starts[i + 1]] from states[which[i]]."""
    out = np.empty(len(which), np.uint64)
    block = np.zeros(BLOCK, np.uint8)
    words = block.view(np.uint64)  # little-endian words, as the RFC reads them (x86 and ARM alike)
    h = np.empty(8, np.uint64)
    for i in range(len(which)):
        h[:] = states[which[i]]
        at, end = starts[i], starts[i + 1]
        done = BLOCK  # the key block
        while True:  # every full block but the last is a plain one; the last (maybe partial) is final
            size = min(end - at, BLOCK)
            block[:] = 0
            block[:size] = data[at:at + size]
            at += size
            done += size
            _compress(h, words, done, at >= end)
            if at >= end:
                break
        out[i] = h[0]
    return out


def keyed_digests(keys: list[bytes], which: np.ndarray, data: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """8-byte keyed BLAKE2b of each message data[starts[i]:starts[i + 1]] with keys[which[i]], as
    the digest bytes read big-endian into signed 64-bit integers. Keys: 1..64 bytes."""
    if any(not 0 < len(k) <= 64 for k in keys):
        raise ValueError("BLAKE2b keys are 1 to 64 bytes")
    states = np.stack([_keyed_state(np.frombuffer(k, np.uint8)) for k in keys]) if keys \
        else np.zeros((0, 8), np.uint64)
    first = _digests(states, which.astype(np.int64), data, starts.astype(np.int64))
    return first.byteswap().view(np.int64)  # the digest is h[0] little-endian; ids read it big-endian
