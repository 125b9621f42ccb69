"""发展党员: steps in order and not too early, corrections as new records, scoping, reminders."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from affairs.models import Applicant, BranchMembership, RecruitmentRecord, Stage
from affairs.recruitment.queries import due_recruitment_steps
from branches.models import Member
from hongjun.models import AuditEntry
from tests.factories import applicant_with_steps, way_until

D = datetime.date
pytestmark = pytest.mark.django_db


def step_url(applicant):
    return reverse("affairs:applicant_detail", args=[applicant.pk])


@time_machine.travel(D(2026, 3, 2))
def test_secretary_records_an_application_and_the_applicant_has_no_account(client_for, sam):
    response = client_for(sam).post(
        reverse("affairs:applicant_create", args=[sam.branch.pk]),
        {
            "name": "周申",
            "employee_no": "S0001",
            "birth_date": "1998-04-02",
            "applied_on": "2026-03-01",
        },
    )
    applicant = Applicant.objects.get(employee_no="S0001")
    assert response.status_code == 302
    assert applicant.stage == Stage.APPLICANT and applicant.user is None
    assert applicant.records.get().step == "application"
    assert AuditEntry.objects.filter(action="recruitment.application").exists()
    page = client_for(sam).get(step_url(applicant)).content.decode()
    assert "党组织派人谈话" in page and "2026-04-01" in page  # the talk is due within a month


@time_machine.travel(D(2026, 3, 2))
def test_step_too_early_is_refused_in_chinese_and_nothing_saved(client_for, sam):
    applicant = applicant_with_steps(
        sam.branch,
        {"application": D(2025, 1, 2), "talk": D(2025, 1, 9), "activist": D(2025, 3, 3)},
    )
    RecruitmentRecord.objects.create(applicant=applicant, step="contacts", done_on=D(2025, 3, 3))
    before = RecruitmentRecord.objects.count()
    response = client_for(sam).post(step_url(applicant), {"done_on": "2026-03-02"})
    assert response.status_code == 200
    assert "不能早于 2026-03-03" in response.content.decode()
    assert RecruitmentRecord.objects.count() == before
    applicant.refresh_from_db()
    assert applicant.stage == Stage.ACTIVIST


@time_machine.travel(D(2026, 3, 3))
def test_step_after_exactly_a_year_is_accepted(client_for, sam):
    applicant = applicant_with_steps(
        sam.branch,
        {
            "application": D(2025, 1, 2),
            "talk": D(2025, 1, 9),
            "activist": D(2025, 3, 3),
            "activist_filed": D(2025, 3, 3),
            "contacts": D(2025, 3, 3),
        },
    )
    response = client_for(sam).post(step_url(applicant), {"done_on": "2026-03-03"})
    assert response.status_code == 302
    assert applicant.records.filter(step="cultivation", done_on=D(2026, 3, 3)).exists()
    assert AuditEntry.objects.filter(action="recruitment.cultivation").count() == 1


@time_machine.travel(D(2026, 3, 3))
def test_step_out_of_order_is_refused(sam):
    from django.core.exceptions import ValidationError

    from affairs.recruitment.services import record_step

    applicant = applicant_with_steps(sam.branch, {"application": D(2026, 1, 2)})
    with pytest.raises(ValidationError) as error:
        record_step(applicant, "activist", {"done_on": D(2026, 3, 1)}, by=sam.user)
    assert "下一步是“党组织派人谈话”" in " ".join(error.value.messages)
    assert applicant.records.count() == 1


def pdf(name="doc.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


@time_machine.travel(D(2025, 10, 20))
def test_approval_creates_the_probationary_member_and_confirmation_makes_them_full(client_for, sam):
    applicant = applicant_with_steps(sam.branch, way_until("interview"), name="钱预备")
    client = client_for(sam)
    assert client.post(step_url(applicant), {"done_on": "2024-10-15"}).status_code == 302
    applicant.refresh_from_db()
    member = applicant.member
    assert member.status == Member.Status.PROBATIONARY
    assert member.joined_on == D(2024, 9, 2) and member.branch == sam.branch
    for code in ["approval_filed", "oath", "placed"]:
        response = client.post(step_url(applicant), {"step": code, "done_on": "2024-10-25"})
        assert response.status_code == 302, code
    # The 预备期: a year from the vote (2 September 2024), not a day less.
    response = client.post(step_url(applicant), {"done_on": "2025-09-01"})
    assert "不能早于 2025-09-02" in response.content.decode()
    assert client.post(step_url(applicant), {"done_on": "2025-09-02"}).status_code == 302
    # The request for full membership is kept as a document.
    response = client.post(step_url(applicant), {"done_on": "2025-09-02"})
    assert "转正申请书" in response.content.decode()
    client.post(step_url(applicant), {"done_on": "2025-09-02", "document": pdf()})
    client.post(step_url(applicant), {"started_on": "2025-09-03", "done_on": "2025-09-09"})
    assert client.post(step_url(applicant), {"done_on": "2025-09-12"}).status_code == 302
    assert client.post(step_url(applicant), {"done_on": "2025-10-09"}).status_code == 302
    member.refresh_from_db()
    applicant.refresh_from_db()
    assert member.status == Member.Status.FULL and applicant.stage == Stage.FULL
    assert not BranchMembership.objects.exists()
    assert client.post(step_url(applicant), {"done_on": "2025-10-20"}).status_code == 302
    assert applicant.records.filter(step="archive").exists()


@time_machine.travel(D(2026, 3, 3))
def test_correction_is_a_new_record_and_the_old_one_stays(client_for, sam):
    applicant = applicant_with_steps(
        sam.branch, {"application": D(2026, 1, 2), "talk": D(2026, 1, 20)}
    )
    talk = applicant.records.get(step="talk")
    response = client_for(sam).post(
        reverse("affairs:record_correct", args=[talk.pk]),
        {"done_on": "2026-01-22", "reason": "日期录错"},
    )
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.done_on == D(2026, 1, 20)  # never overwritten
    new = applicant.records.get(corrects=talk)
    assert new.done_on == D(2026, 1, 22)
    assert AuditEntry.objects.filter(action="recruitment.corrected").exists()
    # A correction that would break the order is refused like a new step.
    response = client_for(sam).post(
        reverse("affairs:record_correct", args=[new.pk]), {"done_on": "2025-12-01", "reason": "x"}
    )
    assert "不能早于" in response.content.decode()


@time_machine.travel(D(2026, 3, 3))
def test_withdrawing_the_latest_step_steps_the_stage_back(client_for, sam):
    applicant = applicant_with_steps(
        sam.branch,
        {"application": D(2025, 1, 2), "talk": D(2025, 1, 9), "activist": D(2025, 3, 3)},
    )
    activist = applicant.records.get(step="activist")
    client_for(sam).post(
        reverse("affairs:record_withdraw", args=[activist.pk]), {"reason": "支委会未通过"}
    )
    applicant.refresh_from_db()
    assert applicant.stage == Stage.APPLICANT
    assert applicant.records.filter(reverses=True, corrects=activist).exists()
    assert RecruitmentRecord.objects.filter(pk=activist.pk).exists()


def test_other_secretary_gets_404_member_403_get_on_post_only_405(client_for, sam, bob, alice):
    applicant = applicant_with_steps(sam.branch, {"application": D(2024, 1, 2)})
    record = applicant.records.get()
    assert client_for(bob).get(step_url(applicant)).status_code == 404
    assert client_for(bob).post(step_url(applicant), {"done_on": "2024-01-05"}).status_code == 404
    assert client_for(alice).get(step_url(applicant)).status_code == 404
    assert client_for(alice).get(reverse("affairs:recruitment_list")).status_code == 403
    create = reverse("affairs:applicant_create", args=[sam.branch.pk])
    assert client_for(alice).get(create).status_code == 403
    assert client_for(bob).get(create).status_code == 404
    withdraw = reverse("affairs:record_withdraw", args=[record.pk])
    assert client_for(sam).get(withdraw).status_code == 405
    assert applicant.records.count() == 1


def test_secretary_sees_only_own_branch_committee_sees_every_pipeline(client_for, sam, bob, carol):
    applicant_with_steps(sam.branch, {"application": D(2024, 1, 2)}, name="甲申请")
    applicant_with_steps(bob.branch, {"application": D(2024, 1, 2)}, name="乙申请")
    page = client_for(sam).get(reverse("affairs:recruitment_list")).content.decode()
    assert "甲申请" in page and "乙申请" not in page and bob.branch.name not in page
    page = client_for(carol).get(reverse("affairs:recruitment_list")).content.decode()
    assert "甲申请" in page and "乙申请" in page


@time_machine.travel(D(2026, 3, 2))
def test_secretary_gives_an_applicant_an_account_who_then_sees_only_their_own(
    client_for, sam, django_user_model
):
    from django.test import Client

    mine = applicant_with_steps(sam.branch, {"application": D(2026, 2, 20)}, employee_no="S9")
    other = applicant_with_steps(sam.branch, {"application": D(2026, 2, 20)})
    response = client_for(sam).post(
        reverse("affairs:applicant_account", args=[mine.pk]), follow=True
    )
    assert "初始密码" in response.content.decode()
    client = Client()
    client.force_login(django_user_model.objects.get(username="S9"))
    assert client.get(step_url(mine)).status_code == 200
    assert client.get(step_url(other)).status_code == 404
    assert client.post(step_url(mine), {"done_on": "2026-03-01"}).status_code == 403


def test_due_recruitment_steps_lists_what_falls_due_in_fixed_queries(
    sam, bob, django_assert_num_queries
):
    today = D(2026, 3, 2)
    talk_due = applicant_with_steps(sam.branch, {"application": D(2026, 2, 10)})
    applicant_with_steps(sam.branch, {"application": D(2026, 1, 2), "talk": D(2026, 1, 9)})
    ready = applicant_with_steps(
        bob.branch,
        {
            "application": D(2024, 1, 2),
            "talk": D(2024, 1, 9),
            "activist": D(2025, 3, 1),
            "contacts": D(2025, 3, 2),
        },
    )
    with django_assert_num_queries(2):
        rows = due_recruitment_steps(today)
    assert [(r.applicant, r.step.code, r.due, r.branch) for r in rows] == [
        (ready, "cultivation", D(2026, 3, 1), bob.branch),
        (talk_due, "talk", D(2026, 3, 10), sam.branch),
    ]


@time_machine.travel(D(2026, 3, 2))
def test_steps_run_on_the_shared_workflow_next_step_only(sam, bob):
    from affairs.recruitment.services import RECRUITMENT_FLOW, record_step

    applicant = applicant_with_steps(sam.branch, {"application": D(2026, 2, 1)})
    # The table offers the next step alone (the guard), to the branch's editors alone.
    assert [s.action for s in RECRUITMENT_FLOW.available(applicant, sam.user)] == [
        "recruitment.talk"
    ]
    assert RECRUITMENT_FLOW.available(applicant, bob.user) == []
    record_step(applicant, "talk", {"done_on": D(2026, 2, 10)}, by=sam.user)
    entry = AuditEntry.objects.get(action="recruitment.talk")
    assert entry.object_id == str(applicant.pk)
    assert (entry.changes["from"], entry.changes["to"]) == ("applicant", "applicant")
    assert [s.action for s in RECRUITMENT_FLOW.available(applicant, sam.user)] == [
        "recruitment.activist"
    ]
