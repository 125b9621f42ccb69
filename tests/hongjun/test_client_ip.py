"""The client's address behind trusted proxies: one helper for the audit log and axes."""

import pytest
from django.test import RequestFactory

from hongjun.clientip import client_ip


def meta(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_nginx(settings):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.1.5/32"]


def test_without_a_proxy_the_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_ip(meta("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_nginx_the_client_is_the_address_nginx_saw(behind_nginx):
    assert client_ip(meta("10.0.1.5", "198.51.100.1")) == "198.51.100.1"


def test_what_a_client_writes_into_the_header_itself_is_never_read(behind_nginx):
    # nginx appends the real address to the client's own header: the right end counts.
    assert client_ip(meta("10.0.1.5", "6.6.6.6, 198.51.100.1")) == "198.51.100.1"


def test_a_request_not_from_the_trusted_proxy_keeps_its_own_address(behind_nginx):
    assert client_ip(meta("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", " , "])
def test_a_missing_or_broken_header_counts_as_the_proxy(behind_nginx, forwarded):
    assert client_ip(meta("10.0.1.5", forwarded)) == "10.0.1.5"


def test_two_proxies_each_must_be_trusted(settings):
    settings.PROXY_COUNT = 2
    settings.TRUSTED_PROXIES = ["10.0.1.0/24"]
    assert client_ip(meta("10.0.1.5", "6.6.6.6, 198.51.100.1, 10.0.1.9")) == "198.51.100.1"
    # The hop between is not one of ours: the chain is not believed.
    assert client_ip(meta("10.0.1.5", "198.51.100.1, 203.0.113.7")) == "10.0.1.5"
