"""发展党员 at the edges of the 细则's rules: the 25 steps, 年满18周岁, 公示 on working days,
the training, the approval's three and six months, the 预备期, its extension and cancellation."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from affairs.models import (
    BRANCH_DECISIONS,
    RECRUITMENT_PHASES,
    RECRUITMENT_STEPS,
    Applicant,
    RecruitmentRecord,
    Stage,
)
from branches.models import Member
from hongjun.models import AuditEntry
from tests.factories import RECRUITMENT_WAY, applicant_with_steps, way_until

D = datetime.date
pytestmark = pytest.mark.django_db


def step_url(applicant):
    return reverse("affairs:applicant_detail", args=[applicant.pk])


def page(response):
    return response.content.decode()


def pdf():
    return SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")


# The table ---------------------------------------------------------------------------


def test_the_25_steps_of_the_xize_in_five_stages_with_their_articles():
    numbered = [s for s in RECRUITMENT_STEPS if s.number]
    assert [s.number for s in numbered] == list(range(1, 26))
    assert {s.phase for s in RECRUITMENT_STEPS} == {n for n, _label in RECRUITMENT_PHASES}
    assert all(s.article.startswith(("细则", "党章")) for s in RECRUITMENT_STEPS)
    assert all(s.article for s in BRANCH_DECISIONS)
    # The two 公示 are steps of their own, not among the 25.
    assert [s.code for s in RECRUITMENT_STEPS if not s.number] == [
        "candidate_notice",
        "conversion_notice",
    ]
    # The codes the records and the demo used before stay, in their order.
    old = ["application", "talk", "activist", "contacts", "candidate", "vetting", "training"]
    old += ["vote", "approval", "oath", "confirmation"]
    codes = [s.code for s in RECRUITMENT_STEPS]
    assert [c for c in codes if c in old] == old
    assert codes[-1] == "archive"


# 年满18周岁 ----------------------------------------------------------------------------


def create(client, branch, birth, applied, employee_no="S1"):
    return client.post(
        reverse("affairs:applicant_create", args=[branch.pk]),
        {"name": "周申", "employee_no": employee_no, "birth_date": birth, "applied_on": applied},
    )


@time_machine.travel(D(2026, 6, 1))
def test_a_17_year_old_is_refused_and_the_18th_birthday_is_accepted(client_for, sam):
    client = client_for(sam)
    response = create(client, sam.branch, "2008-05-21", "2026-05-20")
    assert response.status_code == 200
    assert "申请入党须年满十八周岁" in page(response) and "2026-05-21" in page(response)
    assert not Applicant.objects.exists()
    assert create(client, sam.branch, "2008-05-20", "2026-05-20").status_code == 302
    assert Applicant.objects.get().birth_date == D(2008, 5, 20)


@time_machine.travel(D(2026, 6, 1))
def test_born_on_29_february_turns_18_on_1_march_in_a_common_year(client_for, sam):
    client = client_for(sam)
    assert create(client, sam.branch, "2008-02-29", "2026-02-28").status_code == 200
    assert create(client, sam.branch, "2008-02-29", "2026-03-01").status_code == 302


@time_machine.travel(D(2026, 6, 1))
def test_an_applicant_without_a_birth_date_is_refused(client_for, sam):
    response = create(client_for(sam), sam.branch, "", "2026-05-20")
    assert response.status_code == 200 and not Applicant.objects.exists()


# 公示 of five working days -------------------------------------------------------------


def before_candidate_notice(branch):
    # A year as activist from 1 September 2025: the 公示 may start in September 2026.
    steps = {
        "application": D(2025, 6, 2),
        "talk": D(2025, 6, 9),
        "activist": D(2025, 9, 1),
        "activist_filed": D(2025, 9, 2),
        "contacts": D(2025, 9, 2),
        "cultivation": D(2026, 9, 1),
    }
    return applicant_with_steps(branch, steps)


@time_machine.travel(D(2026, 10, 20))
def test_a_notice_of_four_working_days_across_national_day_is_refused(client_for, sam):
    applicant = before_candidate_notice(sam.branch)
    client = client_for(sam)
    # Monday 28 September to Thursday 8 October 2026: 28, 29, 30 September and 8 October.
    response = client.post(
        step_url(applicant), {"started_on": "2026-09-28", "done_on": "2026-10-08"}
    )
    assert "公示期不少于5个工作日" in page(response) and "只有4个工作日" in page(response)
    assert not applicant.records.filter(step="candidate_notice").exists()
    response = client.post(
        step_url(applicant), {"started_on": "2026-09-28", "done_on": "2026-10-09"}
    )
    assert response.status_code == 302
    notice = applicant.records.get(step="candidate_notice")
    assert (notice.started_on, notice.done_on) == (D(2026, 9, 28), D(2026, 10, 9))


@time_machine.travel(D(2026, 10, 20))
def test_the_candidate_is_named_only_after_the_fifth_working_day(client_for, sam):
    applicant = before_candidate_notice(sam.branch)
    notice = {"started_on": D(2026, 9, 28), "done_on": D(2026, 10, 9)}
    RecruitmentRecord.objects.create(applicant=applicant, step="candidate_notice", **notice)
    client = client_for(sam)
    response = client.post(step_url(applicant), {"done_on": "2026-10-09"})
    assert "时间未到" in page(response) and "不能早于 2026-10-10" in page(response)
    assert not applicant.records.filter(step="candidate").exists()
    assert client.post(step_url(applicant), {"done_on": "2026-10-10"}).status_code == 302
    applicant.refresh_from_db()
    assert applicant.stage == Stage.CANDIDATE


@time_machine.travel(D(2026, 10, 20))
def test_a_tiaoxiu_saturday_counts_in_the_notice(client_for, sam):
    applicant = before_candidate_notice(sam.branch)
    client = client_for(sam)
    # Wednesday 7 October (a holiday) to Monday 12: 8, 9, 10 (Saturday worked), 12 — four.
    response = client.post(
        step_url(applicant), {"started_on": "2026-10-07", "done_on": "2026-10-12"}
    )
    assert "只有4个工作日" in page(response)
    # To Tuesday 13: five, the Saturday among them.
    response = client.post(
        step_url(applicant), {"started_on": "2026-10-07", "done_on": "2026-10-13"}
    )
    assert response.status_code == 302


@time_machine.travel(D(2026, 10, 20))
def test_a_notice_may_end_after_today_and_the_next_step_waits_for_it(client_for, sam):
    applicant = before_candidate_notice(sam.branch)
    client = client_for(sam)
    response = client.post(
        step_url(applicant), {"started_on": "2026-10-19", "done_on": "2026-10-23"}
    )
    assert response.status_code == 302
    response = client.post(step_url(applicant), {"done_on": "2026-10-20"})
    assert "不能早于 2026-10-24" in page(response)
    # A notice cannot start in the future.
    other = before_candidate_notice(sam.branch)
    response = client.post(step_url(other), {"started_on": "2026-10-21", "done_on": "2026-10-27"})
    assert (
        response.status_code == 200 and not other.records.filter(step="candidate_notice").exists()
    )


@time_machine.travel(D(2026, 3, 10))
def test_the_full_membership_notice_across_spring_festival(client_for, sam):
    # Voted in 13 February 2025: the 预备期 is over on 13 February 2026.
    steps = way_until("placed") | {"vote": D(2025, 2, 13), "interview": D(2025, 2, 20)}
    steps |= {"approval": D(2025, 3, 1), "approval_filed": D(2025, 3, 2), "oath": D(2025, 3, 3)}
    steps |= {"placed": D(2025, 3, 3), "probation": D(2026, 2, 13)}
    steps |= {"conversion_request": D(2026, 2, 12)}
    applicant = applicant_with_steps(sam.branch, steps)
    client = client_for(sam)
    # From Thursday 12 February 2026: 12, 13, 14 (Saturday worked), 24, 25.
    response = client.post(
        step_url(applicant), {"started_on": "2026-02-12", "done_on": "2026-02-24"}
    )
    assert "只有4个工作日" in page(response)
    response = client.post(
        step_url(applicant), {"started_on": "2026-02-12", "done_on": "2026-02-25"}
    )
    assert response.status_code == 302
    assert "不能早于 2026-02-26" in page(
        client.post(step_url(applicant), {"done_on": "2026-02-25"})
    )
    assert client.post(step_url(applicant), {"done_on": "2026-02-26"}).status_code == 302


# Training, approval ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("started_on", "done_on", "hours", "allowed"),
    [
        ("2024-06-03", "2024-06-04", "16", False),  # two days, 16 学时
        ("2024-06-03", "2024-06-04", "24", True),  # 24 学时 in two days
        ("2024-06-03", "2024-06-05", "8", True),  # three days
        ("2024-06-03", "2024-06-04", "23.5", False),
    ],
)
@time_machine.travel(D(2024, 7, 1))
def test_training_of_three_days_or_24_class_hours(
    client_for, sam, started_on, done_on, hours, allowed
):
    applicant = applicant_with_steps(sam.branch, way_until("vetting"))
    response = client_for(sam).post(
        step_url(applicant), {"started_on": started_on, "done_on": done_on, "hours": hours}
    )
    record = applicant.records.filter(step="training").first()
    assert (record is not None) is allowed
    if allowed:
        assert (
            record.started_on.isoformat() == started_on
            and str(record.hours) == f"{float(hours):.1f}"
        )
    else:
        assert "短期集中培训不少于3天或24个学时" in page(response)


@time_machine.travel(D(2024, 7, 1))
def test_vetting_needs_its_written_conclusion(client_for, sam):
    applicant = applicant_with_steps(sam.branch, way_until("sponsors"))
    client = client_for(sam)
    response = client.post(step_url(applicant), {"done_on": "2024-05-06"})
    assert "政治审查结论性材料" in page(response)
    assert not applicant.records.filter(step="vetting").exists()
    response = client.post(step_url(applicant), {"done_on": "2024-05-06", "document": pdf()})
    assert response.status_code == 302
    assert applicant.records.get(step="vetting").document


@pytest.mark.parametrize(
    ("approved", "note", "allowed"),
    [
        ("2024-12-02", "", True),  # three months from the vote (2 September)
        ("2024-12-03", "", False),  # a day later: only with a reason
        ("2024-12-03", "党委会议延期召开", True),
        ("2025-03-02", "党委会议延期召开", True),  # six months, the latest
        ("2025-03-03", "党委会议延期召开", False),
    ],
)
@time_machine.travel(D(2025, 6, 1))
def test_approval_within_three_months_up_to_six_with_a_reason(
    client_for, sam, approved, note, allowed
):
    applicant = applicant_with_steps(sam.branch, way_until("interview"))
    response = client_for(sam).post(step_url(applicant), {"done_on": approved, "note": note})
    assert applicant.records.filter(step="approval").exists() is allowed
    if not allowed:
        assert ("须在备注中写明原因" if not note else "最迟2025-03-02") in page(response)


# 预备期, extension, cancellation --------------------------------------------------------


def probationary(branch, **kwargs):
    """Voted in on 2 September 2024, approved, sworn in, placed: on probation."""
    applicant = applicant_with_steps(branch, way_until("placed"), **kwargs)
    member = Member.objects.create(
        name=applicant.name,
        employee_no=applicant.employee_no,
        branch=branch,
        status=Member.Status.PROBATIONARY,
        joined_on=RECRUITMENT_WAY["vote"],
    )
    applicant.member = member
    applicant.save(update_fields=["member"])
    return applicant


@time_machine.travel(D(2025, 9, 1))
def test_probation_ends_exactly_a_year_from_the_vote(client_for, sam):
    applicant = probationary(sam.branch)
    client = client_for(sam)
    response = client.post(step_url(applicant), {"done_on": "2025-09-01"})
    assert "预备期自支部大会通过之日（2024-09-02）起至2025-09-01" in page(response)
    with time_machine.travel(D(2025, 9, 2)):
        assert client.post(step_url(applicant), {"done_on": "2025-09-02"}).status_code == 302


@time_machine.travel(D(2026, 5, 1))
def test_an_extension_of_six_months_moves_the_full_membership_vote(client_for, sam):
    applicant = probationary(sam.branch)
    client = client_for(sam)
    extend = {"step": "extension", "done_on": "2025-09-05", "months": "6"}
    assert client.post(step_url(applicant), extend).status_code == 302
    record = applicant.records.get(step="extension")
    assert record.months == 6
    assert AuditEntry.objects.filter(action="recruitment.extension").exists()
    # Only once.
    response = client.post(step_url(applicant), extend)
    assert applicant.records.filter(step="extension").count() == 1
    assert response.status_code == 200 and 'value="extension"' not in page(response)
    for code, day in [("probation", "2026-03-02"), ("conversion_request", "2026-03-02")]:
        data = {"step": code, "done_on": day}
        if code == "conversion_request":
            data["document"] = pdf()
        assert client.post(step_url(applicant), data).status_code == 302, code
    client.post(step_url(applicant), {"started_on": "2026-03-02", "done_on": "2026-03-06"})
    # A year and six months from 2 September 2024.
    assert "不能早于 2026-03-02" not in page(client.get(step_url(applicant)))
    response = client.post(step_url(applicant), {"done_on": "2026-03-01"})
    assert applicant.records.filter(step="conversion_vote").count() == 0
    assert client.post(step_url(applicant), {"done_on": "2026-03-09"}).status_code == 302


@pytest.mark.parametrize("months", ["5", "13"])
@time_machine.travel(D(2025, 9, 10))
def test_an_extension_is_six_months_to_a_year(client_for, sam, months):
    applicant = probationary(sam.branch)
    response = client_for(sam).post(
        step_url(applicant), {"step": "extension", "done_on": "2025-09-05", "months": months}
    )
    assert response.status_code == 200
    assert not applicant.records.filter(step="extension").exists()


@time_machine.travel(D(2025, 9, 10))
def test_cancelling_the_membership_ends_the_way_and_the_member_record(client_for, sam):
    applicant = probationary(sam.branch)
    client = client_for(sam)
    response = client.post(
        step_url(applicant),
        {"step": "cancellation", "done_on": "2025-09-05", "note": "不具备党员条件"},
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    applicant.member.refresh_from_db()
    assert applicant.stage == Stage.CANCELLED
    assert applicant.member.is_active is False
    text = page(client.get(step_url(applicant)))
    assert "已取消预备党员资格。" in text and "记录此步骤" not in text
    # Nothing more to record, and the decision is not withdrawn like a wrong entry.
    assert client.post(step_url(applicant), {"done_on": "2025-09-06"}).status_code == 200
    record = applicant.records.get(step="cancellation")
    client.post(reverse("affairs:record_withdraw", args=[record.pk]), {"reason": "x"})
    assert not applicant.records.filter(reverses=True).exists()


def test_decisions_are_not_open_before_approval(client_for, sam):
    applicant = applicant_with_steps(sam.branch, way_until("interview"))
    response = client_for(sam).post(
        step_url(applicant), {"step": "cancellation", "done_on": "2024-09-20"}
    )
    # The form posted is taken as the next step (the approval), which needs its own date.
    assert not applicant.records.filter(step="cancellation").exists()
    assert response.status_code in (200, 302)


# The applicant's page ----------------------------------------------------------------


@time_machine.travel(D(2025, 10, 1))
def test_the_page_shows_the_five_stages_done_next_and_overdue(client_for, sam):
    applicant = applicant_with_steps(sam.branch, way_until("interview"))
    text = page(client_for(sam).get(step_url(applicant)))
    for label in ["申请入党", "入党积极分子的确定和培养教育", "发展对象的确定和考察"]:
        assert label in text
    assert "预备党员的接收" in text and "预备党员的教育、考察和转正" in text
    assert "细则第十七条" in text and "2024-06-03 — 2024-06-05" in text and "24学时" in text
    # The approval was due by 2 December 2024: overdue, with the six months' limit shown.
    assert "step-overdue" in text and "2024-12-02" in text and "2025-03-02" in text
    assert text.count("step-done") == len(way_until("interview"))
    assert text.count("step-later") == len(RECRUITMENT_STEPS) - len(way_until("interview")) - 1


def test_the_page_keeps_its_queries_whatever_the_records(
    client_for, sam, django_assert_max_num_queries
):
    short = applicant_with_steps(sam.branch, {"application": D(2024, 1, 2)})
    long = probationary(sam.branch)
    client = client_for(sam)
    for applicant in (short, long):
        with django_assert_max_num_queries(12):
            assert client.get(step_url(applicant)).status_code == 200


@time_machine.travel(D(2027, 1, 20))
def test_a_notice_in_a_year_without_the_state_councils_notice_says_so(client_for, sam):
    applicant = before_candidate_notice(sam.branch)
    client = client_for(sam)
    response = client.post(
        step_url(applicant), {"started_on": "2027-01-11", "done_on": "2027-01-15"}
    )
    assert response.status_code == 302
    assert "按法定节假日暂算工作日" in page(client.get(step_url(applicant)))
    other = before_candidate_notice(sam.branch)
    client.post(step_url(other), {"started_on": "2026-09-28", "done_on": "2026-10-09"})
    assert "按法定节假日暂算工作日" not in page(client.get(step_url(other)))
