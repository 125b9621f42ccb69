"""The member's record (党员信息): the 身份证号 checked, sealed at rest, shown masked and
in full only to the committee on request (audited); 党龄 from 转正; who sees the record."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from branches import records
from branches.models import Member
from hongjun import sealed
from hongjun.models import AuditEntry
from tests.factories import MemberFactory

# The example of GB 11643-1999 (a woman born 31 December 1949) and a man born 7 March 1990.
GB_EXAMPLE = "11010519491231002X"
MAN_1990 = "110101199003074477"


def record_data(member, **overrides):
    data = {
        "name": member.name,
        "gender": "m",
        "employee_no": member.employee_no,
        "status": "full",
        "category": "in_service",
        "birth_date": "1990-03-07",
        "ethnicity": "蒙古族",
        "native_place": "内蒙古通辽",
        "education": "bachelor",
        "post": "电解工",
        "joined_on": "2015-06-20",
        "full_member_on": "2016-06-20",
        "introducers": "孙明、王强",
        "id_number": MAN_1990,
    }
    data.update(overrides)
    return data


# The rules ---------------------------------------------------------------------------


def test_check_digit_of_the_standards_example():
    assert records.id_check_char(GB_EXAMPLE[:17]) == "X"
    assert records.id_number_problem(GB_EXAMPLE, datetime.date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("11010519491231002", "format"),  # 17 characters
        ("01010519491231002X", "format"),  # no address code starts with 0
        ("11010519491331002X", "birth"),  # month 13
        ("110105203012310026", "birth"),  # born in the future
        ("110105194912310021", "check"),  # one digit off
    ],
)
def test_id_number_problems(number, problem):
    assert records.id_number_problem(number, datetime.date(2026, 12, 7)) == problem


def test_mask_keeps_four_and_four():
    assert records.mask_id_number(GB_EXAMPLE) == "1101**********002X"


@pytest.mark.parametrize(
    ("on", "years"),
    [
        (datetime.date(2026, 6, 19), 9),  # the day before the tenth anniversary
        (datetime.date(2026, 6, 20), 10),  # the anniversary of 转正
        (datetime.date(2016, 6, 19), None),  # before 转正: no 党龄
    ],
)
def test_party_standing_counts_from_full_membership(on, years):
    member = Member(
        status=Member.Status.FULL,
        joined_on=datetime.date(2015, 6, 20),
        full_member_on=datetime.date(2016, 6, 20),
    )
    assert member.party_standing(on) == years


def test_probationary_member_has_no_party_standing():
    member = Member(status=Member.Status.PROBATIONARY, joined_on=datetime.date(2015, 6, 20))
    assert member.party_standing(datetime.date(2026, 1, 1)) is None


def test_probation_from_29_february_ends_on_28_february():
    assert records.probation_ends(datetime.date(2024, 2, 29)) == datetime.date(2025, 2, 28)


# Sealed at rest ----------------------------------------------------------------------


def test_id_number_is_sealed_in_the_database(client_for, sam, alice):
    response = client_for(sam).post(
        reverse("branches:member_edit", args=[alice.pk]), record_data(alice)
    )
    assert response.status_code == 302
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_sealed, id_number_fingerprint FROM branches_member WHERE id = %s",
            [alice.pk],
        )
        token, digest = cursor.fetchone()
    assert MAN_1990 not in token and "19900307" not in token
    assert digest == sealed.fingerprint(MAN_1990)
    alice.refresh_from_db()
    assert alice.id_number == MAN_1990
    assert alice.ethnicity == "蒙古族"
    assert alice.full_member_on == datetime.date(2016, 6, 20)


def test_a_token_no_key_opens_reads_as_empty(settings, alice):
    alice.id_number = MAN_1990
    alice.save()
    settings.FIELD_ENCRYPTION_KEYS = [sealed.derived_key("another secret").decode()]
    assert Member.objects.get(pk=alice.pk).id_number == ""


def test_old_key_still_opens_after_a_new_one_is_put_first(settings, alice):
    old = sealed.derived_key("old").decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    alice.id_number = MAN_1990
    alice.save()
    settings.FIELD_ENCRYPTION_KEYS = [sealed.derived_key("new").decode(), old]
    assert Member.objects.get(pk=alice.pk).id_number == MAN_1990


def test_deploy_check_warns_without_a_key(settings):
    from hongjun.checks import field_encryption_key_is_set

    settings.FIELD_ENCRYPTION_KEYS = []
    assert [w.id for w in field_encryption_key_is_set()] == ["hongjun.W004"]
    settings.FIELD_ENCRYPTION_KEYS = [sealed.derived_key("x").decode()]
    assert field_encryption_key_is_set() == []


# The form -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "110105194912310021"}, "校验码不符"),
        ({"id_number": "1101051949"}, "身份证号由17位数字"),
        ({"birth_date": "1990-03-08"}, "出生日期与身份证号中的不一致"),
        ({"gender": "f"}, "性别与身份证号中的不一致"),
        ({"joined_on": "2008-03-06", "full_member_on": ""}, "年满十八岁"),
        ({"full_member_on": "2016-06-19"}, "一年预备期"),
        ({"status": "probationary"}, "预备党员尚无转正日期"),
    ],
)
def test_record_form_refuses_bad_input_in_chinese(client_for, sam, alice, overrides, message):
    response = client_for(sam).post(
        reverse("branches:member_edit", args=[alice.pk]), record_data(alice, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    assert alice.id_number_sealed == "" and alice.birth_date is None


def test_two_members_cannot_share_an_id_number(client_for, sam, alice):
    other = MemberFactory(branch=alice.branch)
    other.id_number = MAN_1990
    other.save()
    response = client_for(sam).post(
        reverse("branches:member_edit", args=[alice.pk]), record_data(alice)
    )
    assert "另一名党员已登记此身份证号" in response.content.decode()


def test_birth_date_is_taken_from_the_id_number(client_for, sam, alice):
    client_for(sam).post(
        reverse("branches:member_edit", args=[alice.pk]), record_data(alice, birth_date="")
    )
    alice.refresh_from_db()
    assert alice.birth_date == datetime.date(1990, 3, 7)


def test_edit_audit_holds_masked_numbers_only(client_for, sam, alice):
    client_for(sam).post(reverse("branches:member_edit", args=[alice.pk]), record_data(alice))
    entry = AuditEntry.objects.get(action="member.updated", object_id=str(alice.pk))
    assert entry.changes["id_number"] == ["", "1101**********4477"]
    assert MAN_1990 not in str(entry.changes)


def test_empty_id_number_keeps_the_stored_one(client_for, sam, alice):
    alice.id_number = MAN_1990
    alice.save()
    client_for(sam).post(
        reverse("branches:member_edit", args=[alice.pk]),
        record_data(alice, id_number="", post="计量工"),
    )
    alice.refresh_from_db()
    assert alice.post == "计量工" and alice.id_number == MAN_1990


# Who sees what ------------------------------------------------------------------------


@pytest.fixture
def recorded(alice):
    alice.id_number = MAN_1990
    alice.birth_date = datetime.date(1990, 3, 7)
    alice.native_place = "内蒙古通辽"
    alice.save()
    return alice


def test_member_sees_own_record_masked(client_for, recorded):
    page = client_for(recorded).get(recorded.get_absolute_url()).content.decode()
    assert "内蒙古通辽" in page and "1101**********4477" in page
    assert MAN_1990 not in page and "完整显示" not in page


def test_fellow_member_does_not_see_the_record(client_for, recorded):
    fellow = MemberFactory(branch=recorded.branch)
    page = client_for(fellow).get(recorded.get_absolute_url()).content.decode()
    assert recorded.name in page
    assert "内蒙古通辽" not in page and "4477" not in page


def test_secretary_sees_masked_and_may_not_reveal(client_for, sam, recorded):
    client = client_for(sam)
    page = client.get(recorded.get_absolute_url()).content.decode()
    assert "1101**********4477" in page and "完整显示" not in page
    url = reverse("branches:member_id_number", args=[recorded.pk])
    assert client.post(url).status_code == 403
    assert client_for(recorded).post(url).status_code == 403
    assert not AuditEntry.objects.filter(action="member.id_number_viewed").exists()


def test_other_branch_gets_404(client_for, bob, recorded):
    client = client_for(bob)
    assert client.get(recorded.get_absolute_url()).status_code == 404
    url = reverse("branches:member_id_number", args=[recorded.pk])
    assert client.post(url).status_code == 404


def test_committee_reveals_in_full_and_it_is_audited(client_for, carol, recorded):
    client = client_for(carol)
    page = client.get(recorded.get_absolute_url()).content.decode()
    assert "完整显示" in page and MAN_1990 not in page
    url = reverse("branches:member_id_number", args=[recorded.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert MAN_1990 in response.content.decode()
    entry = AuditEntry.objects.get(action="member.id_number_viewed")
    assert entry.object_id == str(recorded.pk) and entry.actor == carol.user
    client.post(url)
    assert AuditEntry.objects.filter(action="member.id_number_viewed").count() == 2


def test_reveal_sentence_in_the_audit_log(client_for, carol, recorded):
    from hongjun import audit_words

    client_for(carol).post(reverse("branches:member_id_number", args=[recorded.pk]))
    (entry,) = audit_words.describe(AuditEntry.objects.filter(action="member.id_number_viewed"))
    assert "查看了" in str(entry.sentence) and recorded.name in str(entry.sentence)


def test_demo_style_valid_numbers_pass_the_form_checks():
    # Whatever `make_id_number` builds (the demo's) is a number the form accepts.
    from branches.demo_records import make_id_number

    number = make_id_number("150502", datetime.date(1975, 2, 28), 13)
    assert records.id_number_problem(number, datetime.date(2026, 1, 1)) is None
    assert records.id_birth_date(number) == datetime.date(1975, 2, 28)


@pytest.mark.parametrize("extra", [0, 20])
def test_member_page_queries_do_not_grow(
    client_for, carol, recorded, extra, django_assert_max_num_queries
):
    from tests.factories import ActivityFactory, AttendanceFactory

    for _ in range(extra):
        AttendanceFactory(activity=ActivityFactory(branch=recorded.branch), member=recorded)
    client = client_for(carol)
    with django_assert_max_num_queries(16):
        assert client.get(recorded.get_absolute_url()).status_code == 200


def test_migrations_are_reversible(db):
    call_command("migrate", "branches", "0011", verbosity=0)
    call_command("migrate", "branches", verbosity=0)


def test_birth_date_must_agree_with_the_number_on_record(client_for, sam, alice):
    alice.id_number = MAN_1990
    alice.save()
    response = client_for(sam).post(
        reverse("branches:member_edit", args=[alice.pk]),
        record_data(alice, id_number="", birth_date="1991-03-07"),
    )
    assert "出生日期与身份证号中的不一致" in response.content.decode()
    alice.refresh_from_db()
    assert alice.birth_date is None


def test_fingerprint_survives_a_new_sealing_key(settings):
    old = sealed.derived_key("old").decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    before = sealed.fingerprint(MAN_1990)
    settings.FIELD_ENCRYPTION_KEYS = [sealed.derived_key("new").decode(), old]
    assert sealed.fingerprint(MAN_1990) == before
