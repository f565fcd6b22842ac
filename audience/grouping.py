"""Group-bys on integer codes, for the daily aggregates (daily.py).

Strings are replaced once by codes (`encode`); a combination of columns becomes one int64 key
(`combined_key`), numbered 0..n-1 by a hash table (`dense_ids`); one pass (`group_totals`) then
sums each group's metrics and counts its distinct visitors and visits. Strings come back only in
the result rows, as dictionary arrays over each column's distinct values (no string copied).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numba
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_jit = numba.njit(nogil=True, cache=True)
_KEY_LIMIT = 1 << 62  # combined keys stay below this (int64)


@dataclass(frozen=True)
class Coded:
    """A string column as codes: row i holds `values[codes[i]]`."""
    codes: np.ndarray   # int32
    values: pa.Array    # the distinct strings

    def take(self, rows: np.ndarray) -> Coded:
        return Coded(self.codes[rows], self.values)

    def ranks(self) -> np.ndarray:
        """Per row, the rank of its string among the values (bytewise): sorting by it sorts by the strings."""
        return pc.rank(self.values, sort_keys="ascending", tiebreaker="dense").to_numpy()[self.codes]

    def decode(self, codes: np.ndarray) -> pa.DictionaryArray:
        """The strings of `codes`, as a dictionary array (no string copied)."""
        return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), self.values)


def encode(column: pa.ChunkedArray | pa.Array) -> Coded:
    """Codes of a column without nulls (the aggregated columns of audience.events are NOT NULL)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()  # a dictionary column's chunks: dictionaries unified
    if pa.types.is_dictionary(column.type):  # already coded: its dictionary made distinct (it is small)
        distinct = pc.dictionary_encode(column.dictionary)
        codes = distinct.indices.to_numpy()[column.indices.to_numpy()]
        return Coded(codes.astype(np.int32, copy=False), distinct.dictionary)
    encoded = pc.dictionary_encode(column)
    return Coded(encoded.indices.to_numpy(), encoded.dictionary)


def combined_key(parts: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """One int64 per row that differs exactly when one of the parts' codes differs.

    `parts` = (codes, number of possible codes). The key is a mixed-radix number; when it would
    overflow, the key so far is renumbered densely first (so it never exceeds rows x codes).
    """
    key = np.zeros(len(parts[0][0]), np.int64)
    size = 1
    for codes, count in parts:
        if size * count >= _KEY_LIMIT:
            key = dense_ids(key)[0]
            size = int(key.max()) + 1
        key = key * count + codes
        size *= count
    return key


@_jit
def dense_ids(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct keys 0, 1, 2... in order of first appearance (open-addressing hash
    table, linear probing). Returns (the number of each row's key, the first row of each number)."""
    n = len(keys)
    bits = 1
    while (1 << bits) < 2 * n:
        bits += 1
    mask = (1 << bits) - 1
    slots = np.full(1 << bits, -1, np.int64)  # number stored in each slot, -1 = empty
    ids = np.empty(n, np.int64)
    first = np.empty(n, np.int64)
    count = 0
    for i in range(n):
        key = keys[i]
        # Fibonacci hashing: the top bits of key * 2^64/phi spread nearby keys apart.
        slot = np.int64((np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits))
        while slots[slot] != -1 and keys[first[slots[slot]]] != key:
            slot = (slot + 1) & mask
        if slots[slot] == -1:
            slots[slot] = count
            first[count] = i
            count += 1
        ids[i] = slots[slot]
    return ids, first[:count]


@_jit
def group_totals(group: np.ndarray, groups: int, visitor: np.ndarray, visit: np.ndarray,
                 a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Per group: distinct visitors, distinct visits, sum of a, sum of b, sum of c (int64 columns).

    Rows must come in visit order (one visitor's rows consecutive, and one visit's): a visitor or
    a visit is new to a group when it differs from the last one the group saw; no hash set needed.
    """
    out = np.zeros((groups, 5), np.int64)
    last_visitor = np.full(groups, -1, np.int64)
    last_visit = np.full(groups, -1, np.int64)
    for i in range(len(group)):
        g = group[i]
        if last_visitor[g] != visitor[i]:
            last_visitor[g] = visitor[i]
            out[g, 0] += 1
        if last_visit[g] != visit[i]:
            last_visit[g] = visit[i]
            out[g, 1] += 1
        out[g, 2] += a[i]
        out[g, 3] += b[i]
        out[g, 4] += c[i]
    return out
