"""The demo company: realistic, with the README's accounts, and a second run changes nothing."""

from django.conf import settings
from django.core.management import call_command
from django.test import Client

from branches.models import ActivityAttachment, Branch, GeneralBranch, Member, PartyGroup, Role
from hongjun import access


def snapshot():
    from django.apps import apps

    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {*settings.PORTAL_APPS, "auth"}
    }


def test_seed_demo_builds_company_and_is_idempotent(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = snapshot()
    assert GeneralBranch.objects.count() >= 2
    assert Branch.objects.count() >= 8
    assert Member.objects.count() >= 100
    assert PartyGroup.objects.count() >= 16
    assert Member.objects.filter(status=Member.Status.PROBATIONARY).exists()
    assert Role.objects.filter(kind=Role.Kind.SECRETARY).count() == Branch.objects.count()
    photos = ActivityAttachment.objects.filter(kind=ActivityAttachment.Kind.PHOTO)
    assert photos.count() >= 20 and all(p.is_image for p in photos[:5])  # shown as thumbnails
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == first


def test_demo_accounts_log_in_with_their_roles(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username, kind in [
        ("committee", "committee"),
        ("secretary", "secretary"),
        ("member", "member"),
    ]:
        client = Client()
        login = client.post(
            "/accounts/login/", {"username": username, "password": "redcollar-demo"}
        )
        assert login.status_code == 302, username
        response = client.get("/")
        assert response.status_code == 200
        assert response.context["kind"] == kind
        assert access.home_kind(response.context["user"]) == kind


def test_demo_records_terms_and_history_follow_the_rules(db):
    """The demo's people have full, valid records; a 离退休 branch and an 阳极 branch; a
    纪检委员 in every 支委会; one branch due for 换届; nobody graded before joining or as a
    预备党员; no 支委会 hosted by someone on leave."""
    import datetime

    from django.db.models import F

    from affairs.models import AppraisalResult, Rating
    from branches import records
    from branches.models import ActivityKind, Attendance, CommitteeElection, TrainingRecord
    from reminders.models import Reminder

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = datetime.date.today()
    retired = Branch.objects.get(name="离退休党支部")
    assert retired.members.count() >= 8
    assert not retired.members.exclude(category=Member.Category.RETIRED).exists()
    assert all(records.full_years(m.birth_date, today) >= 60 for m in retired.members.all())
    assert Branch.objects.filter(name__contains="阳极").exists()

    for member in Member.objects.all():
        number = member.id_number
        assert records.id_number_problem(number, today) is None, member.employee_no
        assert records.id_birth_date(number) == member.birth_date
        assert (int(number[16]) % 2 == 1) == (member.gender == Member.Gender.MALE)
        assert member.ethnicity and member.native_place and member.education
        assert records.full_years(member.birth_date, member.joined_on) >= 18
        if member.status == Member.Status.FULL:
            assert member.full_member_on == records.probation_ends(member.joined_on)

    for branch in Branch.objects.all():
        titles = set(branch.roles.values_list("title", flat=True))
        assert "纪检委员" in titles, branch.name
        elected = branch.roles.exclude(kind=Role.Kind.PARTY_COMMITTEE)
        assert not elected.filter(member__status=Member.Status.PROBATIONARY).exists()
        assert branch.elections.exists()
    soon = CommitteeElection.objects.filter(
        ends_on__gt=today, ends_on__lte=today + datetime.timedelta(days=62)
    )
    assert soon.count() >= 1
    assert Reminder.objects.filter(kind="committee_term").exists()
    assert TrainingRecord.objects.exists()

    results = AppraisalResult.objects.select_related("appraisal", "member")
    assert not results.filter(member__joined_on__gt=F("appraisal__opened_on")).exists()
    assert not results.filter(member__full_member_on__gt=F("appraisal__opened_on")).exists()
    for appraisal_id in set(results.values_list("appraisal_id", flat=True)):
        graded = results.filter(appraisal_id=appraisal_id)
        assert graded.filter(rating=Rating.EXCELLENT).count() <= graded.count() // 3

    hosts_on_leave = Attendance.objects.filter(
        activity__kind=ActivityKind.COMMITTEE_MEETING,
        member=F("activity__host"),
    ).exclude(status=Attendance.Status.PRESENT)
    assert not hosts_on_leave.exists()
