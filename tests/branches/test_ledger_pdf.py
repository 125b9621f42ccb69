"""The year's 台账 as PDF: built in the background with progress, a cover and a contents
page naming where each kind's section starts, each activity's 会议记录 with its photos;
who may ask for it, follow it and download it."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from branches import printing
from dashboard import exports
from dashboard.models import ExportJob
from tests.branches.papers import at, attach, jpeg, meeting
from tests.factories import ActivityFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def year_of_records(sam, alice):
    """Two kinds held in 2026 with three photos (one a PDF filed as a photo), one activity of
    2025 that must stay out."""
    committee = meeting(
        sam.branch, host=sam, recorder=alice, present=[sam], excused=[(alice, "倒班")]
    )
    attach(committee, "安全生产月动员.jpg", jpeg((1600, 1200)))
    attach(committee, "责任区划分.jpg", jpeg((1200, 1600), color=(20, 120, 60)))
    talk = meeting(
        sam.branch,
        host=alice,
        recorder=sam,
        present=[sam, alice],
        kind="safety_talk",
        topic="有限空间作业风险辨识",
        starts_at=at(2026, 9, 8, 15),
        ends_at=at(2026, 9, 8, 16),
    )
    attach(talk, "现场讲解.jpg", jpeg())
    attach(talk, "扫描件.pdf", b"%PDF-1.4 not a picture")
    ActivityFactory(
        branch=sam.branch,
        topic="去年的会",
        starts_at=at(2025, 12, 30, 9),
        ends_at=at(2025, 12, 30, 10),
    )


def pages_text(content):
    reader = PdfReader(BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def pictures(reader):
    """The PDF's distinct images (WeasyPrint shares one resource dictionary among pages)."""
    found = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for ref in xobjects.values():
            if ref.get_object()["/Subtype"] == "/Image":
                found.add(ref.idnum)
    return found


def test_pdf_has_cover_contents_and_a_section_per_kind(sam, alice):
    year_of_records(sam, alice)
    seen = []
    content = printing.ledger_pdf(sam.branch, 2026, lambda done, total: seen.append((done, total)))

    reader, texts = pages_text(content)
    assert "2026年组织生活台账" in texts[0]
    assert "电解一车间党支部" in texts[0]
    assert "共开展活动 2 次" in texts[0]
    contents = texts[1]
    assert "目录" in contents
    # Each kind's line names the page its section starts on, and that page starts it.
    lines = {line.split()[0]: line.split() for line in contents.splitlines() if line.split()}
    for kind in ["支部委员会", "党员话安全", "支部党员大会"]:
        first_page = int(lines[kind][-1])
        assert texts[first_page - 1].lstrip().startswith(kind), (kind, first_page)
    committee_page = int(lines["支部委员会"][-1])
    record = "\n".join(texts[committee_page - 1 :]).replace("会 议 记 录", "会议记录")
    for text in ["会议记录", "研究安全生产月工作", "李爱丽（请假：倒班）", "主持人（签字）：孙明"]:
        assert text in record, text
    assert "有限空间作业风险辨识" in "\n".join(texts)
    assert "去年的会" not in "\n".join(texts)
    assert "照片：扫描件.pdf" in "\n".join(texts)  # listed by name, not pictured
    assert len(pictures(reader)) == 3
    # The page numbers at the foot run on across the sections.
    assert texts[-1].rstrip().endswith(str(len(texts)))
    # Progress: three photos and two activities, rising to the end.
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert seen[-1][0] == seen[-1][1] - 1


def test_job_records_progress_and_stores_the_pdf(sam, alice):
    year_of_records(sam, alice)
    job = ExportJob.objects.create(
        requested_by=sam.user, year=2026, kind=ExportJob.Kind.LEDGER_PDF, branch=sam.branch
    )
    assert exports.build_ledger_pdf(job.pk) == "done"
    job.refresh_from_db()
    assert (job.state, job.progress, job.error) == ("done", 100, "")
    assert job.file.name.endswith(".pdf")
    assert exports.build_ledger_pdf(job.pk) == "skipped"


def test_secretary_asks_for_the_pdf_and_follows_it(
    client_for, sam, django_capture_on_commit_callbacks
):
    client = client_for(sam)
    url = reverse("branches:ledger_pdf_create", args=[sam.branch.pk, 2026])
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(url)
    job = ExportJob.objects.get()
    assert (job.kind, job.branch, job.year, job.requested_by) == (
        "ledger_pdf",
        sam.branch,
        2026,
        sam.user,
    )
    assert len(queued) == 1  # the task, once the request's transaction commits
    assert response.url == reverse("dashboard:export_detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "电解一车间党支部 · 2026年台账（PDF）" in page
    assert "返回支部活动" in page
    exports.build_ledger_pdf(job.pk)
    status = client.get(reverse("dashboard:export_status", args=[job.pk])).json()
    assert status["finished"] and status["progress"] == 100
    download = client.get(status["download"])
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert "2026" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_who_may_ask_for_and_see_a_branch_pdf(client_for, sam, alice, bob, carol):
    url = reverse("branches:ledger_pdf_create", args=[sam.branch.pk, 2026])
    assert client_for(alice).post(url).status_code == 403  # a member reads, does not export
    assert client_for(bob).post(url).status_code == 404  # another branch
    assert client_for(sam).get(url).status_code == 405
    assert (
        client_for(sam)
        .post(reverse("branches:ledger_pdf_create", args=[sam.branch.pk, 1900]))
        .status_code
        == 404
    )
    assert not ExportJob.objects.exists()
    client_for(carol).post(url)  # the committee may, for any branch
    job = ExportJob.objects.get()
    detail = reverse("dashboard:export_detail", args=[job.pk])
    assert client_for(sam).get(detail).status_code == 200  # its own branch's
    assert client_for(bob).get(detail).status_code == 404
    assert client_for(alice).get(detail).status_code == 404
    company = ExportJob.objects.create(requested_by=carol.user, year=2026)
    assert (
        client_for(sam).get(reverse("dashboard:export_detail", args=[company.pk])).status_code
        == 404
    )


def test_branch_pages_offer_the_pdf_to_those_who_keep_the_ledger(client_for, sam, alice):
    from django.utils import timezone

    url = reverse("branches:ledger_pdf_create", args=[sam.branch.pk, timezone.localdate().year])
    for page in [
        reverse("branches:activity_list", args=[sam.branch.pk]),
        reverse("branches:branch_detail", args=[sam.branch.pk]),
    ]:
        assert url in client_for(sam).get(page).content.decode(), page
        assert url not in client_for(alice).get(page).content.decode(), page


def test_markup_in_a_record_is_printed_as_text_and_fetches_nothing(sam, alice):
    hostile = '<img src="file:///etc/passwd"><link rel=stylesheet href="http://example.com/x.css">'
    activity = meeting(sam.branch, host=sam, recorder=alice, present=[sam], topic=hostile[:200])
    attach(activity, "截断的照片.jpg", jpeg()[:400])  # a truncated upload: not a picture

    reader, texts = pages_text(printing.ledger_pdf(sam.branch, 2026))

    text = "\n".join(texts)
    assert 'src="file:///etc/passwd"' in text.replace("\n", "")
    assert "照片：截断的照片.jpg" in text  # listed by name, the build not stopped
    assert pictures(reader) == set()


def test_the_pdf_fetcher_answers_only_the_prepared_photos():
    fetcher = printing._fetcher({"photo:1": b"\xff\xd8\xff jpeg"})
    assert fetcher.fetch("photo:1").read() == b"\xff\xd8\xff jpeg"
    for address in ["photo:2", "file:///etc/passwd", "http://127.0.0.1/", "data:,x"]:
        with pytest.raises(ValueError, match="Not a photo"):
            fetcher.fetch(address)
