"""With DEBUG on (the demo), users get the portal's Chinese 404, 403 and 500 pages, not
Django's English technical pages; each refusal is one log line, without a traceback."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import reverse

TECHNICAL = "DEBUG = True"  # what Django's technical pages say about themselves


@pytest.fixture
def debug():
    with override_settings(DEBUG=True):
        yield


def test_unknown_address_in_debug_is_the_portals_chinese_404(debug, client_for, alice, caplog):
    with caplog.at_level(logging.INFO):
        response = client_for(alice).get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in body and "该页面不存在，或您无权查看。" in body
    assert TECHNICAL not in body and "Page not found" not in body
    (record,) = caplog.records
    assert record.getMessage() == "Not Found: /no-such-page/" and record.exc_info is None


def test_another_branchs_record_in_debug_is_the_chinese_404(debug, client_for, sam, bob):
    url = reverse("branches:ledger_download", args=[bob.branch.pk, 2026])
    response = client_for(sam).get(url)
    assert response.status_code == 404
    assert "该页面不存在，或您无权查看。" in response.content.decode()
    assert TECHNICAL not in response.content.decode()


def test_forbidden_in_debug_is_the_chinese_403_and_one_log_line(debug, client_for, alice, caplog):
    url = reverse("branches:ledger_download", args=[alice.branch.pk, 2026])
    with caplog.at_level(logging.DEBUG):
        response = client_for(alice).get(url)
    assert response.status_code == 403 and "无权" in response.content.decode()
    lines = [r for r in caplog.records if r.name.startswith("django")]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert "Traceback" not in caplog.text


def test_refused_csrf_is_one_log_line_without_traceback(alice, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice.user)
    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("inbox:preferences"), {})
    assert response.status_code == 403
    lines = [r for r in caplog.records if r.name.startswith("django")]
    assert len(lines) == 1 and lines[0].exc_info is None


def test_server_error_in_debug_is_the_chinese_500_with_the_traceback_logged(client, caplog):
    client.raise_request_exception = False
    with (
        override_settings(DEBUG=True, ROOT_URLCONF="tests.hongjun.boom_urls"),
        caplog.at_level(logging.INFO),
    ):
        response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500 and "系统出错了" in body
    assert "secret internals" not in body and TECHNICAL not in body
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR" and record.exc_info
    assert "secret internals" in caplog.text


def test_technical_pages_come_back_when_asked_for(client_for, alice):
    with override_settings(DEBUG=True, DEBUG_TECHNICAL_PAGES=True):
        response = client_for(alice).get("/no-such-page/")
    assert response.status_code == 404 and TECHNICAL in response.content.decode()
