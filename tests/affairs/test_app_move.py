"""Party affairs moved from `branches` to their own app: a database filled by the old schema
keeps every row, its content types (permissions, audit entries) and its triggers."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from affairs.models import Applicant, DuesPayment, DuesYear
from hongjun.models import AuditEntry
from tests.migrations_helpers import migrate_to, migrate_to_latest

BEFORE = [("branches", "0009_dues_year")]


@pytest.fixture
def back_to_latest():
    """Whatever a test does to the schema, the next test finds the latest one."""
    yield
    migrate_to_latest()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_rows_content_types_and_triggers_survive_the_move():
    old = migrate_to(BEFORE)
    # Content types and the audit log are the kernel's, unchanged by the move: their
    # current models write the rows an old database has.
    # Going back, the content types returned to `branches`, as an old database has them.
    assert not ContentType.objects.filter(app_label="affairs", model="applicant").exists()
    applicant_type = ContentType.objects.get(app_label="branches", model="applicant")
    old_perm = Permission.objects.get(content_type=applicant_type, codename="view_applicant")
    committee = old.get_model("branches", "Committee").objects.create(name="旧党委")
    branch = old.get_model("branches", "Branch").objects.create(name="旧支部", committee=committee)
    member = old.get_model("branches", "Member").objects.create(
        name="王一", employee_no="OLD-1", branch=branch
    )
    applicant = old.get_model("branches", "Applicant").objects.create(
        branch=branch, name="李二", employee_no="OLD-2"
    )
    old.get_model("branches", "DuesPayment").objects.create(
        member=member,
        branch=branch,
        month=datetime.date(2026, 3, 1),
        amount=Decimal("12.50"),
        paid_on=datetime.date(2026, 3, 5),
    )
    AuditEntry.objects.create(
        action="applicant.created",
        content_type=applicant_type,
        object_id=str(applicant.pk),
        object_repr="李二",
    )

    migrate_to_latest()

    moved = Applicant.objects.get(pk=applicant.pk)
    assert (moved.name, moved.branch.name) == ("李二", "旧支部")
    assert ContentType.objects.get_for_model(Applicant).pk == applicant_type.pk
    assert not ContentType.objects.filter(app_label="branches", model="applicant").exists()
    assert Permission.objects.get(pk=old_perm.pk).content_type.app_label == "affairs"
    entry = AuditEntry.objects.get(action="applicant.created")
    assert entry.content_type.get_object_for_this_type(pk=entry.object_id) == moved
    # The summary's triggers came along with the table: a payment through the new model
    # counts in its member's year.
    year = DuesYear.objects.get(member_id=member.pk, year=2026)
    assert (year.paid_months, year.amount) == (1 << 2, Decimal("12.50"))
    DuesPayment.objects.create(
        member_id=member.pk,
        branch_id=branch.pk,
        month=datetime.date(2026, 4, 1),
        amount=Decimal("12.50"),
        paid_on=datetime.date(2026, 4, 2),
    )
    year = DuesYear.objects.get(member_id=member.pk, year=2026)  # recounted: a new row
    assert (year.paid_months, year.amount) == (1 << 2 | 1 << 3, Decimal("25.00"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_the_move_back_returns_the_content_types():
    migrate_to(BEFORE)
    assert ContentType.objects.filter(app_label="branches", model="duespayment").exists()
    assert not ContentType.objects.filter(app_label="affairs", model="duespayment").exists()
    migrate_to_latest()
    assert ContentType.objects.get_for_model(DuesPayment).app_label == "affairs"
