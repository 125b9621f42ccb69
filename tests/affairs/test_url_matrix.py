"""Every party-affairs URL for every kind of user, in the shape of the permission matrix.

Codes for: anonymous, alice (member of A), sam (secretary of A), bob (secretary of B),
carol (committee); on an applicant of A with a document, alice's dues payment, a transfer
of alice from A to B waiting, and branch A's open appraisal.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from affairs.models import Appraisal, DuesPayment, RecruitmentRecord, Transfer
from tests.factories import PNG_BYTES, ApplicantFactory
from tests.matrix import check, no_args


def pk_of(name):
    return lambda w: {"pk": getattr(w, name).pk}


MATRIX = {
    "affairs:hub": (no_args, "302 200 200 200 200"),
    "affairs:recruitment_list": (no_args, "302 403 200 200 200"),
    "affairs:recruitment_plan": (no_args, "302 405 405 405 405"),
    "affairs:applicant_create": (lambda w: {"branch_pk": w.alice.branch_id}, "302 403 200 404 200"),
    "affairs:applicant_detail": (pk_of("applicant"), "302 404 200 404 200"),
    "affairs:applicant_account": (pk_of("applicant"), "302 405 405 405 405"),
    "affairs:record_correct": (pk_of("record"), "302 404 200 404 200"),
    "affairs:record_withdraw": (pk_of("record"), "302 405 405 405 405"),
    "affairs:record_document": (pk_of("record"), "302 404 200 404 200"),
    # A secretary lands on their branch's ledger, a member on their own dues.
    "affairs:dues_home": (no_args, "302 302 302 302 200"),
    "affairs:dues_ledger": (lambda w: {"pk": w.alice.branch_id}, "302 403 200 404 200"),
    "affairs:dues_export": (lambda w: {"pk": w.alice.branch_id}, "302 403 200 404 200"),
    # A member reads their own dues; changing them is the secretary's.
    "affairs:member_dues": (pk_of("alice"), "302 200 200 404 200"),
    "affairs:dues_declare": (pk_of("alice"), "302 403 200 404 200"),
    "affairs:dues_pay": (pk_of("alice"), "302 403 200 404 200"),
    "affairs:payment_reverse": (pk_of("payment"), "302 405 405 405 405"),
    "affairs:transfer_list": (no_args, "302 200 200 200 200"),
    # A redirect from the list's member picker; without a member it has nothing to show.
    "affairs:transfer_pick": (no_args, "302 404 404 404 404"),
    "affairs:transfer_create": (lambda w: {"member_pk": w.alice.pk}, "302 403 200 404 200"),
    # The receiving branch's secretary sees the transfer that concerns them.
    "affairs:transfer_detail": (pk_of("transfer"), "302 200 200 200 200"),
    "affairs:transfer_decide": (
        lambda w: {"pk": w.transfer.pk, "to": "accepted"},
        "302 405 405 405 405",
    ),
    # The 回执 is POST only; a member from outside is received by a branch's officers.
    "affairs:transfer_receipt": (pk_of("transfer"), "302 405 405 405 405"),
    "affairs:member_receive": (no_args, "302 403 200 200 200"),
    # 谈心谈话: the list for everyone (a member's own talks), a branch's page for its officers.
    "affairs:talk_list": (no_args, "302 200 200 200 200"),
    "affairs:branch_talks": (lambda w: {"pk": w.alice.branch_id}, "302 404 200 404 200"),
    "affairs:appraisal_list": (no_args, "302 200 200 200 200"),
    "affairs:appraisal_open": (lambda w: {"branch_pk": w.alice.branch_id}, "302 405 405 405 405"),
    "affairs:appraisal_detail": (pk_of("appraisal"), "302 200 200 404 200"),
    "affairs:ballot": (pk_of("appraisal"), "302 200 200 404 403"),
    "affairs:appraisal_step": (
        lambda w: {"pk": w.appraisal.pk, "to": "closed"},
        "302 405 405 405 405",
    ),
}


@pytest.fixture
def world(alice, sam, bob, carol, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    applicant = ApplicantFactory(branch=alice.branch)
    record = RecruitmentRecord.objects.create(
        applicant=applicant,
        step="application",
        done_on=today - datetime.timedelta(days=3),
        document=SimpleUploadedFile("application.png", PNG_BYTES),
    )
    payment = DuesPayment.objects.create(
        member=alice,
        branch=alice.branch,
        month=today.replace(day=1),
        amount="12.50",
        method="cash",
        paid_on=today,
    )
    transfer = Transfer.objects.create(
        member=alice,
        kind="internal",
        from_branch=alice.branch,
        to_branch=bob.branch,
        requested_by=sam.user,
    )
    appraisal = Appraisal.objects.create(branch=alice.branch, year=today.year, opened_on=today)
    appraisal.participants.set([alice, sam])
    return SimpleNamespace(
        applicant=applicant,
        record=record,
        payment=payment,
        transfer=transfer,
        appraisal=appraisal,
        alice=alice,
        sam=sam,
        bob=bob,
        carol=carol,
    )


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_affairs_url_answers_each_role_as_expected(name, world):
    check(name, MATRIX[name], world)
