"""A 403 or a 404 writes one line to the log; a server error keeps its traceback."""

import logging

from django.test import override_settings
from django.urls import reverse


def request_records(caplog):
    return [r for r in caplog.records if r.name == "django.request"]


def test_forbidden_logs_one_line_without_traceback(client_for, alice, caplog):
    url = reverse("branches:ledger_download", args=[alice.branch.pk, 2026])
    with caplog.at_level(logging.INFO):
        assert client_for(alice).get(url).status_code == 403
    (record,) = request_records(caplog)
    assert record.levelname == "WARNING" and record.exc_info is None
    assert record.getMessage() == f"Forbidden (Permission denied): {url}"
    assert "Traceback" not in caplog.text and "PermissionDenied" not in caplog.text


def test_not_found_logs_one_line_without_traceback(client_for, sam, bob, caplog):
    url = reverse("branches:ledger_download", args=[bob.branch.pk, 2026])
    with caplog.at_level(logging.INFO):
        assert client_for(sam).get(url).status_code == 404
    (record,) = request_records(caplog)
    assert record.exc_info is None and record.getMessage() == f"Not Found: {url}"
    assert "Traceback" not in caplog.text and "Http404" not in caplog.text


def test_server_error_keeps_its_traceback(client, caplog):
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="tests.hongjun.boom_urls"), caplog.at_level(logging.INFO):
        assert client.get("/boom/").status_code == 500
    (record,) = request_records(caplog)
    assert record.levelname == "ERROR" and record.exc_info
    assert "Traceback" in caplog.text
