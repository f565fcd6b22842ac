"""anonymise_ip: the one function that makes an address storable (CNIL: >= 2 IPv4 bytes masked)."""
import pyarrow as pa
import pytest

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
