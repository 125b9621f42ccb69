"""The company workbook: queued after the commit, built with progress, downloaded as an
attachment by the committee only; a failure is recorded, a second run does nothing."""

from io import BytesIO
from unittest import mock

import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError
from openpyxl import load_workbook

from dashboard import exports, services, tasks
from dashboard.models import ExportJob
from hongjun.celery import app
from hongjun.models import AuditEntry

CREATE = reverse("dashboard:export_create")


@pytest.fixture
def eager():
    """Tasks run in this process, as on the embedded default without Redis."""
    app.conf.update(task_always_eager=True)
    try:
        yield
    finally:
        app.conf.update(task_always_eager=False)


def test_request_queues_the_task_only_after_commit(
    client_for, carol, known, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.build_company_workbook, "delay") as delay,
        django_capture_on_commit_callbacks(execute=False) as callbacks,
    ):
        response = client_for(carol).post(CREATE, {"year": 2026})
        assert not delay.called
    job = ExportJob.objects.get()
    assert response.url == reverse("dashboard:export_detail", args=[job.pk])
    assert (job.state, job.year, job.requested_by) == ("queued", 2026, carol.user)
    assert len(callbacks) == 1
    callbacks[0]()
    delay.assert_called_once_with(job.pk)
    assert AuditEntry.objects.filter(action="export.requested").count() == 1


def test_workbook_is_built_and_downloadable(
    client_for, carol, known, eager, django_capture_on_commit_callbacks
):
    client = client_for(carol)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CREATE, {"year": 2026})
    job = ExportJob.objects.get()
    assert (job.state, job.progress, job.error) == ("done", 100, "")
    status = client.get(reverse("dashboard:export_status", args=[job.pk])).json()
    assert status["finished"] and status["download"].endswith(f"/exports/{job.pk}/download/")
    response = client.get(status["download"])
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[0] == "汇总"
    assert set(book.sheetnames[1:]) == {known.a.name, known.b.name, known.office.name}
    summary = {row[0].value: row for row in book["汇总"].iter_rows(min_row=3)}
    a = summary[known.a.name]
    # Four held activities in A in 2026 (the planned one does not count), two with 第一议题.
    assert (a[-2].value, a[-1].value) == (4, 2)
    sheet = book[known.a.name]
    kinds = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert kinds == ["支部委员会", "支部委员会", "党课", "支部党员大会"]


def test_progress_is_recorded_branch_by_branch(carol, known):
    job = ExportJob.objects.create(requested_by=carol.user, year=2026)
    seen = []
    real = exports._progress

    def spy(job_id, done, total):
        real(job_id, done, total)
        seen.append(ExportJob.objects.get(pk=job_id).progress)

    with mock.patch.object(exports, "_progress", spy):
        assert exports.build_company_workbook(job.pk) == "done"
    assert seen == [33, 66, 99]


def test_a_second_run_does_nothing(carol, known):
    job = ExportJob.objects.create(requested_by=carol.user, year=2026)
    assert exports.build_company_workbook(job.pk) == "done"
    name = ExportJob.objects.get(pk=job.pk).file.name
    assert exports.build_company_workbook(job.pk) == "skipped"
    assert ExportJob.objects.get(pk=job.pk).file.name == name


def test_a_failure_is_recorded_on_the_job(carol, known):
    job = ExportJob.objects.create(requested_by=carol.user, year=2026)
    with mock.patch.object(exports, "company_workbook", side_effect=RuntimeError("disk full")):
        assert exports.build_company_workbook(job.pk) == "failed"
    job.refresh_from_db()
    assert (job.state, job.error) == ("failed", "disk full")


@pytest.mark.django_db(transaction=True)
def test_broker_down_marks_the_job_failed_with_a_message(carol):
    # Real commits: the task is published when the service's own transaction commits.
    with mock.patch.object(
        tasks.build_company_workbook, "delay", side_effect=OperationalError("refused")
    ):
        job = services.request_company_workbook(2026, by=carol.user)
    assert job.state == "failed"
    assert "任务队列暂时无法连接" in job.error


def test_the_page_polls_and_offers_a_refresh_link(client_for, carol, known):
    job = ExportJob.objects.create(requested_by=carol.user, year=2026)
    response = client_for(carol).get(reverse("dashboard:export_detail", args=[job.pk]))
    body = response.content.decode()
    assert reverse("dashboard:export_status", args=[job.pk]) in body
    assert "刷新" in body and "排队中" in body
    assert (
        client_for(carol).get(reverse("dashboard:export_download", args=[job.pk])).status_code
        == 404
    )


def test_only_the_committee_builds_and_downloads(client_for, carol, sam, known):
    job = ExportJob.objects.create(requested_by=carol.user, year=2026)
    exports.build_company_workbook(job.pk)
    assert client_for(sam).post(CREATE, {"year": 2026}).status_code == 403
    for name in ("export_detail", "export_status", "export_download"):
        assert client_for(sam).get(reverse(f"dashboard:{name}", args=[job.pk])).status_code == 404
    assert client_for(carol).get(CREATE).status_code == 405


def test_a_future_year_is_refused(client_for, carol, known):
    response = client_for(carol).post(CREATE, {"year": 2027}, follow=True)
    assert "该年度尚未开始" in response.content.decode()
    assert not ExportJob.objects.exists()
