"""The client's address: REMOTE_ADDR, or behind trusted proxies the address they saw.

One rule for login throttling (django-axes, through AXES_CLIENT_IP_CALLABLE), the audit
log (`hongjun.audit.AuditContextMiddleware`) and pledge signatures.

`X-Forwarded-For` is believed only as far as it was written by our own proxies: each proxy
appends the address it received the request from, so the list is read from the right. The
request must come from a trusted proxy (`TRUSTED_PROXIES`); then, for `PROXY_COUNT`
proxies, the client is the PROXY_COUNT-th entry from the right, provided every entry to
its right is itself a trusted proxy. Whatever a client put into the header itself sits to
the left of that and is never read. Anything that does not fit is answered with
REMOTE_ADDR: a misconfigured chain throttles the proxy, it never lets a client pick its
address.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _parse(raw):
    try:
        address = ipaddress.ip_address((raw or "").strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The address to record and to throttle for this request (a string, or None)."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.PROXY_COUNT
    if not count:
        return remote
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(_parse(remote), networks):
        return remote
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    # hops[-1] was written by the proxy nearest to us (REMOTE_ADDR), hops[-count] by the
    # outermost one: the proxies between must be ours.
    for hop in hops[len(hops) - count + 1 :]:
        if not _trusted(_parse(hop), networks):
            return remote
    client = _parse(hops[-count])
    return str(client) if client is not None else remote
