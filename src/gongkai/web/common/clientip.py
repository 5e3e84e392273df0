"""The client's address, the one answer used by rate limits, login lockout (django-axes) and logs.

    client_ip(request) -> str
    parse_trusted_proxies(items) -> tuple[ip_network, ...]   (settings: GONGKAI_TRUSTED_PROXIES)

X-Forwarded-For is written by whoever sends the request, so it is believed only when the request came from a
reverse proxy the operator named in GONGKAI_TRUSTED_PROXIES (IPs or CIDRs). Then the proxy appended the
address it saw to the header; walking the header from the right, skipping the addresses that are themselves
trusted proxies (a chain of them), the first one left is the client. Anything further left was sent by the
client and may be forged. Without trusted proxies (the default), or for a request that did not come from one,
REMOTE_ADDR is the answer and the header is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted_proxies(items: list[str]) -> tuple[Network, ...]:
    """The networks of GONGKAI_TRUSTED_PROXIES; ValueError names a bad entry."""
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or CIDR network") from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:5123
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address, proxies: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_ip(request) -> str:
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return "unknown"
    proxies: tuple[Network, ...] = getattr(settings, "GONGKAI_TRUSTED_PROXIES", ())
    if not proxies or not _trusted(remote, proxies):
        return str(remote)
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for part in reversed(header.split(",")):
        address = _address(part)
        if address is None:
            # Garbage where an address should be: nothing to the left of it can be believed, and the proxy
            # that sent it is all we know.
            break
        if not _trusted(address, proxies):
            return str(address)
    return str(remote)


def client_ip_or_none(request) -> str | None:
    """client_ip for django-axes (AXES_CLIENT_IP_CALLABLE), which stores it in an IP address column: None,
    not "unknown", for a request without a usable address (e.g. the one `force_login` makes)."""
    ip = client_ip(request)
    return None if ip == "unknown" else ip
