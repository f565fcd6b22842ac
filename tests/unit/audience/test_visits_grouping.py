"""The group-by helpers under the daily aggregates (audience/grouping.py), against plain Python."""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import pyarrow as pa
import pytest

from audience.grouping import combined_key, dense_ids, encode, group_totals


@pytest.mark.parametrize("keys", [
    [5, 5, -1, 7, -1, 5, 0],
    [k << 40 for k in (3, 1, 3, 2, 1)] + [-(1 << 62), 1 << 62],   # same low bits: only the hash's top bits differ
    list(range(0, 4096, 64)) * 3,                                   # more keys than a probe sequence is long
])
def test_dense_ids_number_keys_in_order_of_first_appearance(keys):
    ids, first = dense_ids(np.array(keys, np.int64))
    expected: dict[int, int] = {}
    for key in keys:
        expected.setdefault(key, len(expected))
    assert ids.tolist() == [expected[k] for k in keys]
    assert [keys[i] for i in first] == list(expected)


def test_dense_ids_of_nothing():
    ids, first = dense_ids(np.array([], np.int64))
    assert len(ids) == len(first) == 0


def test_combined_keys_differ_exactly_when_a_part_differs():
    rng = np.random.default_rng(3)
    # Cardinalities whose product overflows int64: the key is renumbered on the way.
    parts = [(rng.integers(0, 3, 500), 1 << 40), (rng.integers(0, 2, 500), 1 << 40), (rng.integers(0, 4, 500), 7)]
    key = combined_key(parts)
    rows = list(zip(*(codes.tolist() for codes, _ in parts), strict=True))
    by_key = defaultdict(set)
    for k, row in zip(key.tolist(), rows, strict=True):
        by_key[k].add(row)
    assert all(len(r) == 1 for r in by_key.values())
    assert len(by_key) == len(set(rows))


def test_group_totals_count_distinct_visitors_and_visits():
    # Rows in visit order: visitor 0 (visits 0, 1), visitor 1 (visit 2).
    group = np.array([0, 1, 0, 0, 1, 0], np.int64)
    visitor = np.array([0, 0, 0, 0, 1, 1], np.int64)
    visit = np.array([0, 0, 1, 1, 2, 2], np.int64)
    a, b, c = (np.arange(6, dtype=np.int64) * m for m in (1, 10, 100))
    out = group_totals(group, 2, visitor, visit, a, b, c)
    assert out.tolist() == [[2, 3, 0 + 2 + 3 + 5, 100, 1000], [2, 2, 1 + 4, 50, 500]]


def test_encode_and_decode():
    coded = encode(pa.chunked_array([["b", "", "a"], ["b", "é"]]))
    assert coded.decode(coded.codes).to_pylist() == ["b", "", "a", "b", "é"]
    assert coded.take(np.array([4, 0])).decode(coded.take(np.array([4, 0])).codes).to_pylist() == ["é", "b"]


@pytest.mark.parametrize("column", [
    pa.chunked_array([["b", "", "a"], ["b", "é"]]),                                      # text
    pa.chunked_array([pa.array(["b", "", "a"]).dictionary_encode(),                     # coded, a dictionary per chunk
                      pa.array(["b", "é"]).dictionary_encode()]),
    pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 3, 4], pa.int32()),               # repeated and unused values
                                   pa.array(["b", "", "a", "b", "é", "z"])),
])
def test_coded_and_text_columns_give_the_same_groups_and_order(column):
    coded = encode(column)
    strings = ["b", "", "a", "b", "é"]
    assert coded.decode(coded.codes).to_pylist() == strings
    same = [[strings[j] == strings[i] for j in range(5)] for i in range(5)]
    assert [[coded.codes[j] == coded.codes[i] for j in range(5)] for i in range(5)] == same
    # ranks sort as the strings do (bytewise: '' < 'a' < 'b' < 'é')
    assert [strings[i] for i in np.argsort(coded.ranks(), kind="stable")] == sorted(strings)
