"""anonymise_ip: the one function that makes an address storable (CNIL: >= 2 IPv4 bytes masked)."""
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audience.anonymise import anonymise_ip, anonymise_ips

CASES = [
    # ip, ipv4 bytes masked, ipv6 prefix, expected
    ("192.168.12.34", 2, 48, "192.168.0.0"),
    ("192.168.12.34", 3, 48, "192.0.0.0"),
    ("192.168.12.34", 4, 48, "0.0.0.0"),
    ("255.255.255.255", 2, 48, "255.255.0.0"),
    ("0.0.0.0", 2, 48, "0.0.0.0"),
    ("10.0.0.1", 2, 48, "10.0.0.0"),
    (" 83.149.9.216 ", 2, 48, "83.149.0.0"),
    ("::ffff:83.149.9.216", 2, 48, "83.149.0.0"),        # IPv4-mapped IPv6 -> the IPv4 rule
    ("2001:db8:abcd:12:34::1", 2, 48, "2001:db8:abcd::"),
    ("2001:db8:abcd:12:34::1", 2, 32, "2001:db8::"),
    ("2001:db8:abcd:12:34::1", 2, 0, "::"),
    ("[2001:db8:abcd:12::1]", 2, 48, "2001:db8:abcd::"),
    ("fe80::1%eth0", 2, 48, "fe80::"),
    ("::1", 2, 48, "::"),
    ("2001:0db8:ABCD:0012:0000:0000:0000:0001", 2, 48, "2001:db8:abcd::"),
    ("", 2, 48, None),
    (None, 2, 48, None),
    ("not an ip", 2, 48, None),
    ("256.1.1.1", 2, 48, None),
    ("1.2.3", 2, 48, None),
    ("01.2.3.4", 2, 48, None),
    ("<script>alert(1)</script>", 2, 48, None),
]


@pytest.mark.parametrize(("ip", "v4", "v6", "expected"), CASES)
def test_anonymise_ip(ip, v4, v6, expected):
    assert anonymise_ip(ip, ipv4_mask_bytes=v4, ipv6_prefix=v6) == expected


@pytest.mark.parametrize("v4", [2, 3, 4])
def test_vectorised_version_gives_the_same_results(v4):
    ips = [c[0] for c in CASES]
    expected = [anonymise_ip(ip, ipv4_mask_bytes=v4) for ip in ips]
    assert anonymise_ips(pa.array(ips, pa.string()), ipv4_mask_bytes=v4).to_pylist() == expected


@pytest.mark.parametrize(("v4", "v6"), [(1, 48), (0, 48), (5, 48), (2, 56), (2, 64), (2, -1)])
def test_settings_weaker_than_the_cnil_rule_are_refused(v4, v6):
    with pytest.raises(ValueError):
        anonymise_ip("192.168.1.1", ipv4_mask_bytes=v4, ipv6_prefix=v6)


def _reference(ip: str, v4: int, v6: int) -> str | None:
    """The rule spelt with the standard library's ipaddress (slow, obviously right)."""
    import ipaddress

    text = ip.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        addr = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    addr = addr.ipv4_mapped or addr if addr.version == 6 else addr
    if addr.version == 4:
        return str(ipaddress.IPv4Network((int(addr), 32 - 8 * v4), strict=False).network_address)
    return str(ipaddress.IPv6Network((int(addr), v6), strict=False).network_address)


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(st.ip_addresses().map(str), st.ip_addresses(v=6).map(lambda a: str(a).upper()),
                       st.ip_addresses(v=6).map(lambda a: a.exploded),
                       st.ip_addresses(v=4).map(lambda a: f"::ffff:{a}"),
                       st.text(alphabet="0123456789abcdefABCDEF:.[]% x", max_size=45)),
       v4=st.sampled_from([2, 3, 4]), v6=st.sampled_from([0, 16, 32, 47, 48]))
def test_the_fast_parser_agrees_with_the_standard_library(value, v4, v6):
    assert anonymise_ip(value, ipv4_mask_bytes=v4, ipv6_prefix=v6) == (_reference(value, v4, v6) if value else None)


TRICKY = ["::", "::1", "1::", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
          "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1:2:3:4::5:6:7:8", "1:::2", ":1", "1:", ":", "::::",
          "12345::", "0000:0000::1", "00000::", "fFfF:aBcD:0::", "0:0:1::", "0:1::", "::ffff:5395:9d8",
          "::ffff:83.149.9.216", "::83.149.9.216", "64:ff9b::1.2.3.4", "1:2::3::4", "g::", "::%eth0", "[::1]",
          "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5", "0.1.2.3", "1.2.3.04", "256.0.0.0", "1.2.3.4 ", "1.2.3.4:80",
          "1.2.3.4\x00", "١.٢.٣.٤", "2001:db8::\u00e9", "", None]


@pytest.mark.parametrize(("v4", "v6"), [(2, 48), (3, 40), (4, 0), (2, 17)])
def test_the_compiled_path_gives_what_anonymise_ip_gives_on_tricky_texts(v4, v6):
    expected = [anonymise_ip(ip, ipv4_mask_bytes=v4, ipv6_prefix=v6) for ip in TRICKY]
    assert anonymise_ips(pa.array(TRICKY, pa.string()), ipv4_mask_bytes=v4, ipv6_prefix=v6).to_pylist() == expected
    sliced = pa.array(["x", *TRICKY], pa.string()).slice(1)  # offsets not starting at 0
    assert anonymise_ips(sliced, ipv4_mask_bytes=v4, ipv6_prefix=v6).to_pylist() == expected


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.one_of(st.none(), st.ip_addresses().map(str), st.ip_addresses(v=6).map(lambda a: a.exploded),
                                 st.ip_addresses(v=6).map(lambda a: str(a).upper()),
                                 st.ip_addresses(v=4).map(lambda a: f"::ffff:{a}"),
                                 st.text(alphabet="0123456789abcdefABCDEF:.", max_size=42)), max_size=30),
       v4=st.sampled_from([2, 3, 4]), v6=st.sampled_from([0, 1, 16, 31, 32, 47, 48]))
def test_the_compiled_path_agrees_with_anonymise_ip(values, v4, v6):
    expected = [anonymise_ip(v, ipv4_mask_bytes=v4, ipv6_prefix=v6) for v in values]
    assert anonymise_ips(pa.array(values, pa.string()), ipv4_mask_bytes=v4, ipv6_prefix=v6).to_pylist() == expected


def test_plain_addresses_take_the_compiled_path_and_the_others_do_not():
    from audience.ipmask import mask_texts

    texts = pa.array(["83.149.9.216", "2001:DB8:abcd:12::1", "::ffff:5395:9d8", "::ffff:83.149.9.216", " ::1", "x"])
    _, offsets, data = texts.buffers()
    text, ends, done = mask_texts(np.frombuffer(data, np.uint8), np.frombuffer(offsets, np.int32),
                                  np.ones(len(texts), bool), 2, 48)
    assert done.tolist() == [True, True, True, False, False, False]
    assert bytes(text).decode() == "83.149.0.02001:db8:abcd::83.149.0.0" and ends[:4].tolist() == [0, 10, 25, 35]
