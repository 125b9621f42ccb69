"""The company workbook built by a real Celery worker, through Redis, from the committee's
button to the download: what the in-process tests cannot show."""

from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboard.models import ExportJob
from tests.factories import ActivityFactory
from tests.workers import media_worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(tmp_path, settings):
    """A worker sharing this test's media folder, where it writes the workbook."""
    with media_worker(tmp_path, settings, "export") as process:
        yield process


def test_worker_builds_the_company_workbook_the_committee_downloads(client_for, carol, sam, worker):
    ActivityFactory(branch=sam.branch, topic="支部委员会：研究安全生产月")
    client = client_for(carol)
    response = client.post(reverse("dashboard:export_create"), {"year": timezone.now().year})
    job = ExportJob.objects.get()
    assert response.url == reverse("dashboard:export_detail", args=[job.pk])

    status_url = reverse("dashboard:export_status", args=[job.pk])
    wait_for(lambda: client.get(status_url).json()["finished"], 60, message="the workbook")
    job.refresh_from_db()
    assert (job.state, job.progress, job.error) == ("done", 100, ""), worker.text()
    assert Path(job.file.path).is_file()

    download = client.get(client.get(status_url).json()["download"])
    assert "attachment" in download["Content-Disposition"]
    book = load_workbook(BytesIO(b"".join(download.streaming_content)))
    cells = [str(c.value) for row in book[sam.branch.name].iter_rows() for c in row]
    assert "支部委员会：研究安全生产月" in " ".join(cells)
