"""The year's 台账 PDF built by a real Celery worker, through Redis, from the secretary's
button to the download: progress on the job's page, then a PDF with the sections."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dashboard.models import ExportJob
from tests.branches.papers import at, attach, jpeg, meeting
from tests.workers import media_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(tmp_path, settings):
    """A worker sharing this test's media folder, where the photos are and the PDF goes."""
    with media_worker(tmp_path, settings, "ledger") as process:
        yield process


def test_worker_builds_the_pdf_the_secretary_downloads(client_for, sam, alice, worker):
    committee = meeting(sam.branch, host=sam, recorder=alice, present=[sam, alice])
    attach(committee, "动员会.jpg", jpeg())
    meeting(
        sam.branch,
        host=alice,
        recorder=sam,
        present=[alice],
        kind="safety_talk",
        topic="有限空间作业风险辨识",
        starts_at=at(2026, 9, 8, 15),
        ends_at=at(2026, 9, 8, 16),
    )
    client = client_for(sam)
    response = client.post(reverse("branches:ledger_pdf_create", args=[sam.branch.pk, 2026]))
    job = ExportJob.objects.get()
    assert response.url == reverse("dashboard:export_detail", args=[job.pk])
    assert 'data-export-status="' in client.get(response.url).content.decode()

    status_url = reverse("dashboard:export_status", args=[job.pk])
    wait_for(lambda: client.get(status_url).json()["finished"], 90, message="the ledger PDF")
    job.refresh_from_db()
    assert (job.state, job.progress, job.error) == ("done", 100, ""), worker.text()

    download = client.get(client.get(status_url).json()["download"])
    assert download["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(b"".join(download.streaming_content)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for heading in ["2026年组织生活台账", "目录", "支部委员会", "党员话安全"]:
        assert heading in text, heading
    assert "研究安全生产月工作" in text
    assert "有限空间作业风险辨识" in text
