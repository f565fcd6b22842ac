"""The fast path of anonymise.anonymise_ips: plain IPv4 and IPv6 texts masked in one compiled loop.

A log import masks ~20,000 distinct addresses per chunk; one Python call each (inet_pton, inet_ntop)
cost more than the rest of the step and held the GIL the other parse thread needs. This loop reads
the texts as glibc's inet_pton does (the C parser behind anonymise_ip: no leading zero in an IPv4
octet, one "::" at most, 1-4 hex digits a group) and writes the masked address as inet_ntop does.
It only ever says "this one is done": an address with an embedded IPv4 part (::ffff:1.2.3.4), a
zone, brackets, spaces, and anything invalid are left to anonymise_ip, so both give the same result
by construction (tests/unit/audience/test_anonymise.py compares them on random input).
"""
from __future__ import annotations

import numba
import numpy as np

MAX_TEXT = 16  # "255.255.255.255", "ffff:ffff:ffff::" (prefixes of 48 bits at most)
_DOT, _COLON = 46, 58
_HEX_DIGITS = np.frombuffer(b"0123456789abcdef", np.uint8).copy()


@numba.njit(nogil=True, cache=True, inline="always")
def _digit(ch):
    """Value of a hex digit (either case), else -1."""
    if 48 <= ch <= 57:
        return ch - 48
    if 97 <= ch <= 102:
        return ch - 87
    if 65 <= ch <= 70:
        return ch - 55
    return -1


@numba.njit(nogil=True, cache=True)
def _ipv4(text, start, stop, out):
    """glibc's inet_pton4 on text[start:stop] into out[0:4]; False if it is not a plain IPv4 address."""
    saw_digit, octets, value = False, 0, 0
    for i in range(start, stop):
        ch = text[i]
        if 48 <= ch <= 57:
            if saw_digit and value == 0:  # a leading zero
                return False
            value = value * 10 + ch - 48
            if value > 255:
                return False
            if not saw_digit:
                octets += 1
                if octets > 4:
                    return False
                saw_digit = True
            out[octets - 1] = value
        elif ch == _DOT and saw_digit:
            if octets == 4:
                return False
            saw_digit, value = False, 0
        else:
            return False
    return octets == 4


@numba.njit(nogil=True, cache=True)
def _ipv6(text, start, stop, groups):
    """glibc's inet_pton6 on text[start:stop] into groups[0:8] (16-bit); False if it is not a plain
    IPv6 address (an embedded IPv4 part included: left to the Python path)."""
    if start == stop:
        return False
    i = start
    if text[i] == _COLON:
        i += 1
        if i == stop or text[i] != _COLON:
            return False
    count, gap, digits, value = 0, -1, 0, 0  # gap: where "::" stands, in groups
    while i < stop:
        ch = text[i]
        i += 1
        d = _digit(ch)
        if d >= 0:
            if digits == 4:
                return False
            value = (value << 4) | d
            digits += 1
            continue
        if ch != _COLON:
            return False  # "." (embedded IPv4), "%", "]", " "...
        if digits == 0:
            if gap >= 0:
                return False
            gap = count
            continue
        if i == stop or count == 8:
            return False
        groups[count] = value
        count, digits, value = count + 1, 0, 0
    if digits > 0:
        if count == 8:
            return False
        groups[count] = value
        count += 1
    if gap >= 0:
        if count == 8:
            return False
        shift = 8 - count
        for k in range(count - 1, gap - 1, -1):
            groups[k + shift] = groups[k]
        for k in range(gap, gap + shift):
            groups[k] = 0
        count = 8
    return count == 8


@numba.njit(nogil=True, cache=True)
def _write_ipv4(octets, keep, out, at):
    """"a.b.c.d" with the octets after the first `keep` zeroed, at out[at:]; returns the new end."""
    for k in range(4):
        value = octets[k] if k < keep else 0
        if k:
            out[at] = _DOT
            at += 1
        if value >= 100:
            out[at] = 48 + value // 100
            at += 1
        if value >= 10:
            out[at] = 48 + value // 10 % 10
            at += 1
        out[at] = 48 + value % 10
        at += 1
    return at


@numba.njit(nogil=True, cache=True)
def mask_texts(data, offsets, valid, ipv4_keep, ipv6_prefix):
    """Each text data[offsets[i]:offsets[i + 1]] (valid[i]) masked: (bytes, offsets, done), done[i]
    False where the Python path must decide. ipv4_keep = octets kept (2..0); ipv6_prefix <= 48 bits,
    so that groups 3..7 of a masked address are zero and inet_ntop writes "g0:g1:g2::" (zero groups
    after the last non-zero one folded into "::")."""
    n = len(offsets) - 1
    out = np.empty(n * MAX_TEXT, np.uint8)
    ends = np.zeros(n + 1, np.int32)
    done = np.zeros(n, np.bool_)
    octets = np.zeros(4, np.int64)
    groups = np.zeros(8, np.int64)
    at = 0
    for i in range(n):
        start, stop = offsets[i], offsets[i + 1]
        ok = False
        if valid[i]:
            is_v6 = False
            for j in range(start, stop):
                if data[j] == _COLON:
                    is_v6 = True
                    break
            if not is_v6:
                ok = _ipv4(data, start, stop, octets)
                if ok:
                    at = _write_ipv4(octets, ipv4_keep, out, at)
            elif _ipv6(data, start, stop, groups):
                if groups[0] == 0 and groups[1] == 0 and groups[2] == 0 and groups[3] == 0 and groups[4] == 0 \
                        and groups[5] == 0xFFFF:  # IPv4-mapped: the IPv4 rule
                    octets[0], octets[1] = groups[6] >> 8, groups[6] & 0xFF
                    octets[2], octets[3] = groups[7] >> 8, groups[7] & 0xFF
                    at = _write_ipv4(octets, ipv4_keep, out, at)
                else:
                    last = -1
                    for k in range(3):
                        bits = min(max(ipv6_prefix - 16 * k, 0), 16)
                        groups[k] = groups[k] >> (16 - bits) << (16 - bits) if bits else 0
                        if groups[k]:
                            last = k
                    for k in range(last + 1):
                        value, started = groups[k], False
                        for shift in (12, 8, 4, 0):
                            nibble = (value >> shift) & 0xF
                            if nibble or started or shift == 0:
                                out[at] = _HEX_DIGITS[nibble]
                                at += 1
                                started = True
                        out[at] = _COLON
                        at += 1
                    if last < 0:
                        out[at] = _COLON
                        at += 1
                    out[at] = _COLON
                    at += 1
                ok = True
        done[i] = ok
        ends[i + 1] = at
    return out[:at], ends, done
