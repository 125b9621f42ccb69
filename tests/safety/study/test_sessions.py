"""安全"三学": the three modes and who schedules them, invitees, attendance and scores."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hongjun.models import AuditEntry
from safety.models import StudyAttendance, StudySession
from tests.factories import (
    BranchFactory,
    MemberFactory,
    MentorPairFactory,
    StudyAttendanceFactory,
    StudySessionFactory,
)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def when(days=3):
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def session_data(**overrides):
    data = {
        "topic": "安全生产法学习",
        "starts_at": when(),
        "place": "三楼会议室",
        "material_text": "",
    }
    data.update(overrides)
    return data


def invitees(session):
    return set(session.attendances.values_list("member_id", flat=True))


def create(client, mode, **data):
    return client.post(reverse("study:create", args=[mode]), session_data(**data))


def test_committee_led_session_invites_everyone_active(client_for, carol, alice, sam, bob):
    MemberFactory(branch=alice.branch, is_active=False)
    response = create(client_for(carol), "committee_led")
    session = StudySession.objects.get()
    assert response.status_code == 302
    assert session.branch is None and session.host == carol
    assert invitees(session) == {carol.pk, alice.pk, sam.pk, bob.pk}
    assert AuditEntry.objects.get(action="study.created").changes["invitees"] == 4


def test_committee_led_session_for_chosen_branches_expands_to_their_members(
    client_for, carol, alice, sam, bob
):
    create(client_for(carol), "committee_led", invited_branches=[bob.branch.pk])
    session = StudySession.objects.get()
    assert invitees(session) == {bob.pk}
    # Who joins the branch later is not invited after the fact: expanded at creation.
    MemberFactory(branch=bob.branch)
    assert invitees(session) == {bob.pk}
    assert list(session.invited_branches.all()) == [bob.branch]


def test_secretary_schedules_branch_study_for_own_branch(client_for, sam, alice, bob):
    response = create(client_for(sam), "branch_study", branch=sam.branch.pk)
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert (session.mode, session.branch, session.host) == ("branch_study", sam.branch, sam)
    assert invitees(session) == {sam.pk, alice.pk}


def test_secretary_cannot_schedule_for_another_branch(client_for, sam, bob):
    response = create(client_for(sam), "branch_study", branch=bob.branch.pk)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not StudySession.objects.exists()


@pytest.mark.parametrize(
    ("who", "mode"),
    [
        ("sam", "committee_led"),
        ("alice", "branch_study"),
        ("alice", "committee_led"),
        ("sam", "mentor"),
    ],
)
def test_mode_refused_to_whom_it_does_not_belong(client_for, request, who, mode, bob):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("study:create", args=[mode])).status_code == 403
    assert create(client, mode, branch=bob.branch.pk).status_code == 403
    assert not StudySession.objects.exists()


def test_unknown_mode_is_404(client_for, carol):
    assert client_for(carol).get(reverse("study:create", args=["party"])).status_code == 404


def test_mentor_session_invites_current_apprentices_only(client_for, alice):
    current = MentorPairFactory(branch=alice.branch, mentor=alice)
    ended = MentorPairFactory(
        branch=alice.branch,
        mentor=alice,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2021, 1, 1),
    )
    MentorPairFactory(branch=alice.branch)  # somebody else's apprentice
    response = create(client_for(alice), "mentor")
    assert response.status_code == 302
    session = StudySession.objects.get()
    assert (session.mode, session.host, session.branch) == ("mentor", alice, alice.branch)
    assert invitees(session) == {current.apprentice_id}
    assert ended.apprentice_id not in invitees(session)


def test_mentor_session_on_a_day_without_apprentice_is_refused(client_for, alice):
    MentorPairFactory(
        branch=alice.branch, mentor=alice, ends_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    response = create(client_for(alice), "mentor", starts_at=when(days=10))
    assert "当天您没有在带的徒弟" in response.content.decode()
    assert not StudySession.objects.exists()


def test_material_must_be_image_or_pdf(client_for, carol):
    bad = SimpleUploadedFile("slides.pdf", b"PK\x03\x04 a zip")
    response = create(client_for(carol), "committee_led", material=bad)
    assert "既不是图片" in response.content.decode()
    assert not StudySession.objects.exists()


def test_material_pdf_is_served_to_invitees_only(client_for, carol, alice, bob):
    pdf = SimpleUploadedFile("m.pdf", b"%PDF-1.7\n" + b"0" * 40)
    create(client_for(carol), "committee_led", material=pdf, invited_branches=[alice.branch.pk])
    session = StudySession.objects.get()
    url = reverse("study:material", args=[session.pk])
    assert client_for(alice).get(url)["Content-Type"] == "application/pdf"
    assert client_for(bob).get(url).status_code == 404


@pytest.fixture
def session(sam, alice):
    s = StudySessionFactory(
        branch=sam.branch, host=sam, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    StudyAttendanceFactory(session=s, member=sam)
    StudyAttendanceFactory(session=s, member=alice)
    return s


def attendance_post(session, rows):
    data = {
        "attendance-TOTAL_FORMS": len(rows),
        "attendance-INITIAL_FORMS": len(rows),
        "attendance-MIN_NUM_FORMS": 0,
        "attendance-MAX_NUM_FORMS": 1000,
    }
    for i, (member_id, attended, score) in enumerate(rows):
        data[f"attendance-{i}-member"] = member_id
        if attended:
            data[f"attendance-{i}-attended"] = "on"
        data[f"attendance-{i}-quiz_score"] = "" if score is None else score
    return data


def test_host_records_attendance_and_scores(client_for, sam, alice, session):
    response = client_for(sam).post(
        reverse("study:attendance", args=[session.pk]),
        attendance_post(session, [(sam.pk, True, None), (alice.pk, True, 95)]),
    )
    assert response.status_code == 302
    rows = {a.member_id: (a.attended, a.quiz_score) for a in session.attendances.all()}
    assert rows == {sam.pk: (True, None), alice.pk: (True, 95)}
    assert AuditEntry.objects.get(action="study.attendance").changes["attended"] == 2


@pytest.mark.parametrize(
    ("score", "message"),
    [(101, "0 到 100 之间"), (-1, "0 到 100 之间"), ("九十", "0 到 100 之间")],
)
def test_score_outside_0_100_is_refused(client_for, sam, alice, session, score, message):
    response = client_for(sam).post(
        reverse("study:attendance", args=[session.pk]),
        attendance_post(session, [(sam.pk, True, None), (alice.pk, True, score)]),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not session.attendances.filter(attended=True).exists()


def test_score_without_presence_is_refused(client_for, sam, alice, session):
    response = client_for(sam).post(
        reverse("study:attendance", args=[session.pk]),
        attendance_post(session, [(sam.pk, True, None), (alice.pk, False, 80)]),
    )
    assert "未出席的人员不能登记测试成绩" in response.content.decode()
    assert not session.attendances.filter(attended=True).exists()


def test_attendance_for_someone_not_invited_is_refused(client_for, sam, alice, session):
    stranger = MemberFactory(branch=sam.branch)
    response = client_for(sam).post(
        reverse("study:attendance", args=[session.pk]),
        attendance_post(session, [(sam.pk, True, None), (stranger.pk, True, 90)]),
    )
    assert response.status_code == 200
    assert "此人不在本次学习的参学名单中" in response.content.decode()
    assert not StudyAttendance.objects.filter(member=stranger).exists()
    assert not session.attendances.filter(attended=True).exists()


def test_database_refuses_score_outside_range_and_score_without_presence(session, alice):
    row = session.attendances.get(member=alice)
    for attended, score in [(True, 101), (False, 50)]:
        row.attended, row.quiz_score = attended, score
        with pytest.raises(IntegrityError), transaction.atomic():
            row.save()


def test_who_records_attendance(client_for, session, alice, bob, carol):
    url = reverse("study:attendance", args=[session.pk])
    data = attendance_post(session, [])
    assert client_for(alice).post(url, data).status_code == 403  # invited, may read
    assert client_for(bob).post(url, data).status_code == 404  # other branch
    assert client_for(carol).post(url, data).status_code == 302  # committee
    assert client_for(carol).get(url).status_code == 405


def test_member_sees_own_score_but_not_the_form(client_for, session, alice):
    session.attendances.filter(member=alice).update(attended=True, quiz_score=88)
    response = client_for(alice).get(session.get_absolute_url())
    page = response.content.decode()
    assert response.context["formset"] is None
    assert "我的成绩" in page and "88" in page


def test_member_sees_upcoming_and_past_they_are_invited_to(client_for, alice, session, bob):
    upcoming = StudySessionFactory(branch=alice.branch, host=alice)
    StudyAttendanceFactory(session=upcoming, member=alice)
    other = StudySessionFactory(branch=bob.branch, host=bob)
    response = client_for(alice).get(reverse("study:list"))
    assert [s.pk for s in response.context["upcoming"]] == [upcoming.pk]
    assert [s.pk for s in response.context["page"]] == [session.pk]
    assert client_for(alice).get(other.get_absolute_url()).status_code == 404


def test_participation_by_branch_and_mode(client_for, carol, sam, alice, bob, session):
    session.attendances.filter(member=alice).update(attended=True, quiz_score=80)
    committee = StudySessionFactory(
        mode="committee_led",
        branch=None,
        host=carol,
        starts_at=timezone.now() - datetime.timedelta(hours=2),
    )
    for m, came in [(alice, True), (bob, False)]:
        StudyAttendanceFactory(session=committee, member=m, attended=came)
    response = client_for(carol).get(reverse("study:participation"))
    by_branch = {
        b.name: {mode.value: tuple(figures) for mode, *figures in b.by_mode}
        for b in response.context["page"]
    }
    a = by_branch[sam.branch.name]
    assert a["branch_study"][:3] == (2, 1, 50) and a["branch_study"][3] == 80
    assert a["committee_led"][:3] == (1, 1, 100)
    assert by_branch[bob.branch.name]["committee_led"][:3] == (1, 0, 0)
    assert by_branch[bob.branch.name]["mentor"][:3] == (0, 0, None)
    assert "参学统计" in response.content.decode()


def test_participation_counts_only_sessions_that_took_place(client_for, carol, alice):
    upcoming = StudySessionFactory(branch=alice.branch, host=alice)
    StudyAttendanceFactory(session=upcoming, member=alice)
    response = client_for(carol).get(reverse("study:participation"))
    row = next(b for b in response.context["page"] if b.pk == alice.branch_id)
    assert row.by_mode[1][1:3] == (0, 0)


def test_participation_is_for_the_committee(client_for, sam):
    assert client_for(sam).get(reverse("study:participation")).status_code == 403


def test_participation_period_filter(client_for, carol, session, alice):
    session.attendances.update(attended=True)
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client_for(carol).get(reverse("study:participation"), {"since": future})
    assert all(row[1] == 0 for b in response.context["page"] for row in b.by_mode)


def test_secretary_sees_branch_sessions_hosted_by_others(client_for, sam, alice):
    hosted = StudySessionFactory(branch=sam.branch, host=alice, mode="mentor")
    assert client_for(sam).get(hosted.get_absolute_url()).status_code == 200
    other_branch = StudySessionFactory(branch=BranchFactory())
    assert client_for(sam).get(other_branch.get_absolute_url()).status_code == 404


def past(days=1):
    return timezone.now() - datetime.timedelta(days=days)


def test_session_list_counts_invitations_by_branch_and_my_own_row(
    client_for, alice, sam, bob, session
):
    session.attendances.filter(member=alice).update(attended=True, quiz_score=90)
    StudyAttendanceFactory(session=session, member=bob, attended=True)
    upcoming = StudySessionFactory(branch=sam.branch, host=sam)
    for m in (alice, bob):
        StudyAttendanceFactory(session=upcoming, member=m)
    response = client_for(alice).get(reverse("study:list"))
    [done] = response.context["page"]
    assert (done.invited_count, done.present_count) == (3, 2)
    assert (done.my_attended, done.my_score) == (True, 90)
    [coming] = response.context["upcoming"]
    assert (coming.invited_count, coming.present_count) == (2, 0)
    assert coming.my_invited and not coming.my_attended
    # A session nobody was invited to counts none.
    StudySessionFactory(branch=sam.branch, host=sam, starts_at=past(2))
    response = client_for(sam).get(reverse("study:list"))
    assert [(s.invited_count, s.present_count) for s in response.context["page"]] == [
        (3, 2),
        (0, 0),
    ]


def test_session_list_stays_within_fixed_queries(
    client_for, carol, alice, bob, django_assert_max_num_queries
):
    # Not O(sessions, invitations, branches), for the committee and a member.
    clients = [client_for(carol), client_for(alice)]
    for size in (1, 6):
        for i in range(size):
            for when_ in (past(i + 1), timezone.now() + datetime.timedelta(days=i + 1)):
                s = StudySessionFactory(branch=alice.branch, host=alice, starts_at=when_)
                for m in (alice, bob, MemberFactory()):
                    StudyAttendanceFactory(session=s, member=m, attended=when_ < timezone.now())
        for client in clients:
            with django_assert_max_num_queries(9):
                assert client.get(reverse("study:list")).status_code == 200


def test_participation_averages_the_scores_of_those_scored(client_for, carol, sam, alice, session):
    session.attendances.update(attended=True)
    session.attendances.filter(member=alice).update(quiz_score=80)
    session.attendances.filter(member=sam).update(quiz_score=85)
    second = StudySessionFactory(branch=sam.branch, host=sam, starts_at=past(3))
    StudyAttendanceFactory(session=second, member=alice, attended=True, quiz_score=82)
    # Present without a score: counted present, left out of the average.
    StudyAttendanceFactory(session=second, member=sam, attended=True)
    response = client_for(carol).get(reverse("study:participation"))
    row = next(b for b in response.context["page"] if b.pk == sam.branch_id)
    mode, invited, present, rate, score = row.by_mode[1]
    assert (mode, invited, present, rate) == ("branch_study", 4, 4, 100)
    assert score == pytest.approx(247 / 3)
    assert '<td>4 / 4</td><td><span class="">100%</span></td><td>82.3</td>' in (
        response.content.decode()
    )


def test_participation_pages_the_branches_and_totals_the_company(client_for, carol, alice):
    for _ in range(55):
        StudyAttendanceFactory(
            session=StudySessionFactory(branch=BranchFactory(), starts_at=past()),
            member=alice,
            attended=True,
        )
    client = client_for(carol)
    first = client.get(reverse("study:participation"), {"since": "2020-01-01"})
    second = client.get(reverse("study:participation"), {"since": "2020-01-01", "page": 2})
    shown = [b.pk for r in (first, second) for b in r.context["page"]]
    assert len(first.context["page"]) == 50 and len(shown) == len(set(shown)) >= 56
    assert "since=2020-01-01&amp;page=2" in first.content.decode()
    for response in (first, second):
        [_committee, branch_study, _mentor] = response.context["totals"]
        assert branch_study[1:] == (55, 55, 100)


def test_participation_marks_low_rates_and_escapes_branch_names(client_for, carol, alice, sam):
    branch = BranchFactory(name="<b>检修</b>党支部")
    low = StudySessionFactory(branch=branch, host=sam, starts_at=past(2))
    members = [MemberFactory(branch=branch) for _ in range(5)]
    for i, m in enumerate(members):
        # 3 of 5 present (60 %, under the mark); scores 70 and 75 average to 72.5.
        StudyAttendanceFactory(
            session=low, member=m, attended=i < 3, quiz_score=[70, 75, None, None, None][i]
        )
    html = client_for(carol).get(reverse("study:participation")).content.decode()
    assert "<b>检修</b>" not in html and "&lt;b&gt;检修&lt;/b&gt;党支部" in html
    row = html[html.index("&lt;b&gt;检修") :]
    row = row[: row.index("</tr>")]
    assert '<td>3 / 5</td><td><span class="text-hj fw-bold">60%</span></td><td>72.5</td>' in row
    # Modes without sessions show dashes, not zeros.
    assert row.count("<td>0 / 0</td><td>—</td><td>—</td>") == 2


def test_participation_stays_within_fixed_queries(
    client_for, carol, alice, bob, django_assert_max_num_queries
):
    # Not O(branches, sessions, invitations).
    client = client_for(carol)
    for size in (1, 5):
        for _ in range(size):
            s = StudySessionFactory(branch=BranchFactory(), starts_at=past())
            for m in (alice, bob, MemberFactory(branch=s.branch)):
                StudyAttendanceFactory(session=s, member=m, attended=True, quiz_score=70)
        with django_assert_max_num_queries(7):
            response = client.get(reverse("study:participation"), {"since": "2020-01-01"})
        assert response.status_code == 200


def test_a_negative_attendance_count_is_a_form_error(client_for, sam, session):
    data = attendance_post(session, []) | {"attendance-TOTAL_FORMS": -5}
    response = client_for(sam).post(reverse("study:attendance", args=[session.pk]), data)
    assert response.status_code == 200
    assert "表单的行数不完整" in response.content.decode()
