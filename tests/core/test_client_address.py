"""The client address the abuse brakes count by (pure logic, no database)."""

import ipaddress

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wagtail_participation.client_address import bucket, client_address, networks, parse

PROXIES = networks(("10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.1"))

ipv4 = st.ip_addresses(v=4)
ipv6 = st.ip_addresses(v=6).filter(lambda a: a.ipv4_mapped is None)  # those are IPv4 (see parse)
public = st.one_of(ipv4, ipv6).filter(lambda a: not any(a.version == n.version and a in n for n in PROXIES))
proxy = st.sampled_from([ipaddress.ip_address(a) for a in ("10.0.0.1", "10.200.3.4", "192.0.2.1", "2001:db8:ffff::7")])
header_text = st.text(alphabet=st.characters(codec="latin-1"), max_size=300)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("203.0.113.9", "203.0.113.9"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("::ffff:203.0.113.9", "203.0.113.9"),  # IPv4 written as IPv6 is the IPv4 address
        ("unknown", None),
        ("", None),
        ("999.1.1.1", None),
        ("1" * 100, None),
    ],
)
def test_parse_reads_the_forms_proxies_write(text, expected):
    found = parse(text)
    assert (str(found) if found else None) == expected


def test_the_direct_peer_counts_by_default():
    assert str(client_address("203.0.113.9", "198.51.100.1", ())) == "203.0.113.9"


def test_behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client():
    chain = "198.51.100.66, 203.0.113.9, 10.1.1.1"  # client's claim, the client, our inner proxy
    assert str(client_address("10.0.0.1", chain, PROXIES)) == "203.0.113.9"


def test_when_every_hop_is_a_proxy_the_left_most_counts():
    assert str(client_address("10.0.0.1", "10.0.0.7, 192.0.2.1", PROXIES)) == "10.0.0.7"


def test_an_unreadable_hop_stops_at_the_last_proxy():
    assert str(client_address("10.0.0.1", "not-an-address, 10.0.0.2", PROXIES)) == "10.0.0.2"


def test_ipv6_is_counted_per_64_and_ipv4_per_address():
    assert bucket(parse("2001:db8:1:2:aaaa::1")) == bucket(parse("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::/64"
    assert bucket(parse("2001:db8:1:3::1")) != bucket(parse("2001:db8:1:2::1"))
    assert bucket(parse("203.0.113.9")) == "203.0.113.9" != bucket(parse("203.0.113.10"))
    assert bucket(None) == "unknown"


def test_a_bad_proxy_setting_is_refused():
    with pytest.raises(ValueError):
        networks(("10.0.0.0/8", "the load balancer"))


@settings(max_examples=200, deadline=None, derandomize=True)
@given(peer=public, header=st.one_of(st.none(), header_text))
def test_an_untrusted_peer_cannot_choose_its_address(peer, header):
    assert client_address(str(peer), header, PROXIES) == peer


@settings(max_examples=200, deadline=None, derandomize=True)
@given(claimed=header_text, client=public, inner=st.lists(proxy, max_size=3), peer=proxy)
@example(
    claimed="1.1.1.1, 2.2.2.2",
    client=ipaddress.ip_address("203.0.113.9"),
    inner=[],
    peer=ipaddress.ip_address("10.0.0.1"),
)
def test_behind_our_proxies_what_the_client_wrote_never_counts(claimed, client, inner, peer):
    """Whatever the client put in the header, our proxies appended its real address (and their own
    hops) on the right; that real address is what counts."""
    header = ", ".join([claimed, str(client), *map(str, inner)])
    assert client_address(str(peer), header, PROXIES) == client


@settings(max_examples=300, deadline=None, derandomize=True)
@given(remote=header_text, header=st.one_of(st.none(), header_text))
@example(remote="[", header="]")
@example(remote="10.0.0.1", header="," * 10_000)
@example(remote="fe80::1%eth0", header=None)
def test_any_header_values_give_an_address_or_none_and_a_key(remote, header):
    found = client_address(remote, header, PROXIES)
    assert found is None or isinstance(found, (ipaddress.IPv4Address, ipaddress.IPv6Address))
    key = bucket(found)
    assert key and " " not in key and len(key) <= 64


@settings(max_examples=200, deadline=None, derandomize=True)
@given(address=ipv6)
def test_every_address_of_a_64_shares_one_key(address):
    network = ipaddress.IPv6Network((address, 64), strict=False)
    assert bucket(address) == bucket(network[0]) == bucket(network[-1]) == str(network)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(remote=header_text, header=header_text)
def test_a_request_with_any_address_headers_gets_a_brake_key(remote, header):
    from django.test import RequestFactory, override_settings

    from wagtail_participation import ratelimit

    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
    with override_settings(WAGTAILPARTICIPATION_TRUSTED_PROXIES=["10.0.0.0/8"]):
        key = ratelimit.address_of(request)
    assert key == bucket(client_address(remote, header, networks(("10.0.0.0/8",))))
