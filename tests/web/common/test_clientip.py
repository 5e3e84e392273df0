"""The client address: REMOTE_ADDR unless the request came through a configured trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from gongkai.web.common.clientip import client_ip, client_ip_or_none, parse_trusted_proxies

rf = RequestFactory()


def req(remote: str, xff: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.GONGKAI_TRUSTED_PROXIES = ()
    assert client_ip(req("203.0.113.7", "198.51.100.1")) == "203.0.113.7"
    assert client_ip(req("203.0.113.7")) == "203.0.113.7"


def test_a_request_not_from_a_trusted_proxy_cannot_pick_its_address(settings):
    settings.GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.1"])
    assert client_ip(req("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_one_proxy_the_rightmost_address_is_the_client(settings):
    settings.GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.1"])
    assert client_ip(req("10.0.0.1", "198.51.100.1")) == "198.51.100.1"
    # The client forged an entry; the proxy appended the real one on the right.
    assert client_ip(req("10.0.0.1", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
    assert client_ip(req("10.0.0.1", "1.2.3.4,198.51.100.1")) == "198.51.100.1"


def test_two_proxies_in_a_chain_are_both_skipped(settings):
    settings.GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.0/24", "192.0.2.10"])
    # client -> 192.0.2.10 (CDN/edge) -> 10.0.0.5 (nginx) -> gongkai
    assert client_ip(req("10.0.0.5", "6.6.6.6, 198.51.100.9, 192.0.2.10")) == "198.51.100.9"
    # only proxies in the header: the nearest proxy is all there is to go on
    assert client_ip(req("10.0.0.5", "192.0.2.10")) == "10.0.0.5"
    # no header at all
    assert client_ip(req("10.0.0.5")) == "10.0.0.5"


def test_garbage_and_ports_in_the_header(settings):
    settings.GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(["10.0.0.1"])
    assert client_ip(req("10.0.0.1", "198.51.100.1:5123")) == "198.51.100.1"
    assert client_ip(req("10.0.0.1", "[2001:db8::1]:443")) == "2001:db8::1"
    # what is left of garbage cannot be believed: fall back to the proxy
    assert client_ip(req("10.0.0.1", "198.51.100.1, not-an-ip")) == "10.0.0.1"


def test_ipv6_proxy_and_mapped_addresses(settings):
    settings.GONGKAI_TRUSTED_PROXIES = parse_trusted_proxies(["::1"])
    assert client_ip(req("::1", "2001:db8::7")) == "2001:db8::7"
    assert client_ip(req("::ffff:203.0.113.7")) == "203.0.113.7"


def test_bad_setting_is_named():
    with pytest.raises(ValueError, match="'10.0.0.300'"):
        parse_trusted_proxies(["10.0.0.300"])


def test_bad_setting_stops_start_up_naming_the_entry(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "GONGKAI_DEBUG": "1", "GONGKAI_DATA_DIR": str(tmp_path), "GONGKAI_TRUSTED_PROXIES": "nginx"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    r = subprocess.run([sys.executable, "-m", "gongkai.cli", "manage", "check"], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode != 0
    assert "GONGKAI_TRUSTED_PROXIES: 'nginx' is not an IP address or CIDR network" in r.stderr


def test_no_usable_address(settings):
    settings.GONGKAI_TRUSTED_PROXIES = ()
    assert client_ip(req("")) == "unknown" and client_ip_or_none(req("")) is None  # axes stores NULL, not text
    assert client_ip_or_none(req("203.0.113.7")) == "203.0.113.7"
