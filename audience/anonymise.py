"""THE one function that turns an IP address into something storable.

Nothing else in the project stores an address: the pipeline replaces the full IP by the
result of `anonymise_ip` before an event leaves memory. CNIL: at least 2 bytes of an IPv4
address masked; IPv6 is cut to a /48 (or shorter, a setting).
"""
from __future__ import annotations

import ipaddress
import re
import socket


def anonymise_ip(ip: str | None, *, ipv4_mask_bytes: int = 2, ipv6_prefix: int = 48) -> str | None:
    """'192.168.12.34' -> '192.168.0.0'; '2001:db8:1:2::3' -> '2001:db8:1::'; garbage -> None.

    IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are treated as the IPv4 address they carry.
    """
    if ipv4_mask_bytes < 2 or ipv4_mask_bytes > 4:
        raise ValueError("ipv4_mask_bytes must be 2..4")
    if ipv6_prefix < 0 or ipv6_prefix > 48:
        raise ValueError("ipv6_prefix must be 0..48")
    if not ip:
        return None
    text = ip.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    packed = _packed(text.split("%", 1)[0])  # zone id (fe80::1%eth0) dropped
    if packed is None:
        return None
    if packed[:12] == _MAPPED:
        packed = packed[12:]
    if len(packed) == 4:
        return socket.inet_ntop(socket.AF_INET, packed[:4 - ipv4_mask_bytes] + bytes(ipv4_mask_bytes))
    cut = 128 - ipv6_prefix
    return socket.inet_ntop(socket.AF_INET6, (int.from_bytes(packed, "big") >> cut << cut).to_bytes(16, "big"))


_MAPPED = bytes(10) + b"\xff\xff"  # ::ffff:a.b.c.d carries an IPv4 address


def _packed(text: str) -> bytes | None:
    """The address's bytes (4 or 16); the C parser (inet_pton: strict, no leading zeros in IPv4).
    Only the family the text can be is tried (an IPv6 address has a colon, an IPv4 one none): a
    failed inet_pton costs an exception, half the time of an IPv6 address."""
    try:
        return socket.inet_pton(socket.AF_INET6 if ":" in text else socket.AF_INET, text)
    except (OSError, ValueError):  # ValueError: embedded NUL
        return None


def parse_ip(ip: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Parse for in-memory checks (excluded ranges); IPv4-mapped IPv6 becomes IPv4."""
    if not ip:
        return None
    try:
        addr = ipaddress.ip_address(ip.strip().strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    if addr.version == 6 and addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    return addr


def anonymise_ips(ips, *, ipv4_mask_bytes: int = 2, ipv6_prefix: int = 48):
    """`anonymise_ip` over a pyarrow string array: same results, compiled for plain addresses.

    Plain IPv4 and IPv6 texts are masked by audience.ipmask (one loop, no Python per value);
    everything else (embedded IPv4 parts, zones, brackets, spaces, garbage) goes through
    `anonymise_ip` once per distinct value.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from audience.ipmask import mask_texts

    anonymise_ip("192.0.2.1", ipv4_mask_bytes=ipv4_mask_bytes, ipv6_prefix=ipv6_prefix)  # checks settings
    ips = pc.cast(ips, pa.string())
    _, offsets, data = ips.buffers()
    text, ends, done = mask_texts(
        np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8),
        np.frombuffer(offsets, np.int32)[ips.offset:ips.offset + len(ips) + 1],
        pc.is_valid(ips).to_numpy(zero_copy_only=False), 4 - ipv4_mask_bytes, ipv6_prefix)
    masked = pa.StringArray.from_buffers(len(ips), pa.py_buffer(ends), pa.py_buffer(text),
                                         pa.py_buffer(np.packbits(done, bitorder="little")))
    if done.all():
        return masked
    uniq = pc.unique(ips.filter(pa.array(~done)))
    slow = pa.array([anonymise_ip(v, ipv4_mask_bytes=ipv4_mask_bytes, ipv6_prefix=ipv6_prefix)
                     for v in uniq.to_pylist()], pa.string())
    return pc.if_else(pa.array(done), masked, slow.take(pc.index_in(ips, value_set=uniq)))


_ADDRESS = re.compile(r"(?<![\w.:])(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w.])")


def mask_addresses(line: str, limit: int = 200) -> str:
    """A line of text fit for a message (a log line no parser read): every address in it masked by
    anonymise_ip, unprintable characters replaced, cut at `limit`."""
    def mask(match: re.Match) -> str:
        return anonymise_ip(match.group(0)) or match.group(0)

    text = "".join(c if c.isprintable() else "?" for c in line[:limit])
    return _ADDRESS.sub(mask, text) + ("..." if len(line) > limit else "")
