"""Hostile input through the party-affairs forms: 发展党员, 党费, 组织关系转接, 民主评议."""

import datetime

from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from affairs.models import Appraisal, DuesPayment, RecruitmentRecord
from tests.factories import ApplicantFactory

from . import strategies as s

AUDIT = "hongjun.AuditEntry"
RECRUITMENT = ["affairs.Applicant", "affairs.RecruitmentRecord", AUDIT]
DUES = ["affairs.DuesBase", "affairs.DuesPayment", AUDIT]
TRANSFERS = ["affairs.Transfer", "branches.Member", AUDIT]
APPRAISALS = [
    "affairs.Appraisal",
    "affairs.VoteCount",
    "affairs.BallotReceipt",
    "affairs.SelfAssessment",
    "affairs.AppraisalResult",
    AUDIT,
]


def today():
    return timezone.localdate()


def test_applicant_form_survives_hostile_input(client_for, sam):
    client = client_for(sam)
    url = reverse("affairs:applicant_create", args=[sam.branch.pk])
    numbers = iter(range(10_000, 99_999))
    valid = {
        "name": "张申请",
        "gender": "f",
        "employee_no": "A1",
        "post": "电工",
        "phone": "13900000000",
        "applied_on": (today() - datetime.timedelta(days=3)).isoformat(),
        "note": "入党申请书",
    }
    fields = {
        "name": s.text,
        "gender": s.choice,
        "employee_no": s.text,
        "post": s.text,
        "phone": s.text,
        "applied_on": s.dates,
        "note": s.text,
    }

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def attack(data):
        data = {**data}
        if data["employee_no"] == "A1":
            data["employee_no"] = f"A{next(numbers)}"
        s.submit(client, url, data, RECRUITMENT, creates="affairs.Applicant")

    attack()


def test_recruitment_step_forms_survive_hostile_input(client_for, sam):
    client = client_for(sam)
    applicant = ApplicantFactory(branch=sam.branch)
    record = RecruitmentRecord.objects.create(
        applicant=applicant, step="application", done_on=today() - datetime.timedelta(days=30)
    )
    urls = [
        (reverse("affairs:applicant_detail", args=[applicant.pk]), None),
        (reverse("affairs:record_correct", args=[record.pk]), None),
        (reverse("affairs:record_withdraw", args=[record.pk]), None),
    ]
    valid = {"done_on": (today() - datetime.timedelta(days=1)).isoformat(), "note": "谈话"}
    fields = {"done_on": s.dates, "note": s.text, "reason": s.text}

    @s.FUZZ
    @given(st.sampled_from(range(len(urls))), s.hostile(valid, fields))
    def attack(which, data):
        url, creates = urls[which]
        s.submit(client, url, data, RECRUITMENT, creates=creates)

    attack()


def test_recruitment_list_branch_parameter_survives_hostile_values(client_for, carol):
    client = client_for(carol)

    @s.FUZZ
    @given(s.anything)
    def attack(value):
        s.submit(
            client, reverse("affairs:recruitment_list"), {"branch": value}, [AUDIT], method="get"
        )

    attack()


def test_dues_forms_survive_hostile_input(client_for, sam, alice):
    client = client_for(sam)
    month = today().replace(day=1)
    pages = [
        (
            reverse("affairs:dues_declare", args=[alice.pk]),
            {"category": "in_service", "income": "5000", "valid_from": f"{month:%Y-%m}"},
            {"category": s.choice, "income": s.numbers, "valid_from": s.dates},
        ),
        (
            reverse("affairs:dues_pay", args=[alice.pk]),
            {
                "month": f"{month:%Y-%m}",
                "amount": "25.00",
                "method": "cash",
                "paid_on": today().isoformat(),
                "proxy": "",
                "note": "",
            },
            {
                "month": s.dates,
                "amount": s.numbers,
                "method": s.choice,
                "paid_on": s.dates,
                "proxy": s.text,
                "note": s.text,
            },
        ),
    ]

    @s.FUZZ
    @given(st.data())
    def attack(data):
        url, valid, fields = pages[data.draw(st.sampled_from([0, 1]))]
        s.submit(client, url, data.draw(s.hostile(valid, fields)), DUES)

    attack()


def test_dues_pages_reading_the_query_string_survive_hostile_values(client_for, sam, alice, carol):
    pages = [
        (client_for(carol), reverse("affairs:dues_home"), "year"),
        (client_for(sam), reverse("affairs:dues_ledger", args=[sam.branch.pk]), "year"),
        (client_for(sam), reverse("affairs:dues_export", args=[sam.branch.pk]), "year"),
        (client_for(sam), reverse("affairs:member_dues", args=[alice.pk]), "year"),
        (client_for(sam), reverse("affairs:dues_pay", args=[alice.pk]), "month"),
        (client_for(sam), reverse("affairs:transfer_pick"), "member"),
    ]

    @s.FUZZ
    @given(st.sampled_from(range(len(pages))), s.anything)
    def attack(which, value):
        client, url, name = pages[which]
        s.submit(client, url, {name: value}, DUES, method="get")

    attack()


def test_payment_reversal_survives_hostile_reason(client_for, sam, alice):
    client = client_for(sam)

    @s.FUZZ
    @given(s.text)
    def attack(reason):
        with s.rolled_back():
            reverse_once(reason)

    def reverse_once(reason):
        payment = DuesPayment.objects.create(
            member=alice,
            branch=alice.branch,
            month=today().replace(day=1),
            amount="12.50",
            method="cash",
            paid_on=today(),
        )
        url = reverse("affairs:payment_reverse", args=[payment.pk])
        s.submit(client, url, {"reason": reason}, DUES)

    attack()


def test_transfer_form_survives_hostile_input(client_for, sam, alice, bob):
    client = client_for(sam)
    url = reverse("affairs:transfer_create", args=[alice.pk])
    valid = {"kind": "out", "destination": "某某公司党委", "letter_no": "第12号", "reason": "调动"}
    fields = {
        "kind": s.choice,
        "to_branch": st.one_of(s.choice, st.just(str(bob.branch_id))),
        "destination": s.text,
        "letter_no": s.text,
        "reason": s.text,
    }

    @s.FUZZ
    @given(s.hostile(valid, fields))
    def attack(data):
        # One waiting transfer at a time: each example starts afresh.
        with s.rolled_back():
            s.submit(client, url, data, TRANSFERS)

    attack()


def test_transfer_decision_note_survives_hostile_input(client_for, sam, alice, bob):
    from affairs.models import Transfer

    client = client_for(bob)

    @s.FUZZ
    @given(s.text, st.sampled_from(["accepted", "rejected", "cancelled", "bogus"]))
    def attack(note, to):
        with s.rolled_back():
            decide(note, to)

    def decide(note, to):
        transfer = Transfer.objects.create(
            member=alice,
            kind="internal",
            from_branch=alice.branch,
            to_branch=bob.branch,
            requested_by=sam.user,
        )
        url = reverse("affairs:transfer_decide", args=[transfer.pk, to])
        s.submit(client, url, {"note": note}, [AUDIT])

    attack()


def test_appraisal_forms_survive_hostile_input(client_for, sam, alice):
    secretary, member = client_for(sam), client_for(alice)
    open_url = reverse("affairs:appraisal_open", args=[sam.branch.pk])

    @s.FUZZ
    @given(s.numbers)
    def open_with(year):
        s.submit(secretary, open_url, {"year": year}, APPRAISALS)

    open_with()

    appraisal = Appraisal.objects.create(branch=sam.branch, year=2001, opened_on=today())
    appraisal.participants.set([alice, sam])
    ballot_url = reverse("affairs:ballot", args=[appraisal.pk])
    valid = {"self_rating": "excellent", "summary": "总结", f"r_{sam.pk}": "qualified"}

    @s.FUZZ
    @given(s.hostile(valid, {"self_rating": s.choice, "summary": s.text, f"r_{sam.pk}": s.choice}))
    def vote(data):
        s.submit(member, ballot_url, data, APPRAISALS)

    vote()

    appraisal.status = Appraisal.Status.CLOSED
    appraisal.save(update_fields=["status"])
    detail_url = reverse("affairs:appraisal_detail", args=[appraisal.pk])

    @s.FUZZ
    @given(s.hostile({}, {f"m_{alice.pk}": s.choice, f"m_{sam.pk}": s.choice}))
    def settle(data):
        s.submit(secretary, detail_url, data, APPRAISALS)

    settle()
