"""The awarded branch works the project: milestones, progress reports, figures, evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hongjun.models import AuditEntry
from initiatives import services
from initiatives.models import Evidence, Initiative, Milestone, OutcomeFigure, ProgressReport
from tests.factories import InitiativeFactory, MilestoneFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def report_data(percent="60", quantity="1200.5", **overrides):
    data = {
        "percent": percent,
        "text": "样机在12号槽试用。",
        "figures-TOTAL_FORMS": "3",
        "figures-INITIAL_FORMS": "0",
        "figures-0-label": "节约电量",
        "figures-0-quantity": quantity,
        "figures-0-unit": "kwh",
        "figures-1-label": "节约成本",
        "figures-1-quantity": "6.5",
        "figures-1-unit": "wan_yuan",
    }
    data.update(overrides)
    return data


def test_secretary_reports_progress_with_figures_and_evidence(client_for, working, sam, alice):
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    response = client_for(sam).post(
        reverse("initiatives:report", args=[working.pk]), {**report_data(), "files": [photo]}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.percent, report.reported_by) == (60, sam)
    figures = list(report.figures.values_list("label", "quantity", "unit"))
    assert figures == [
        ("节约电量", Decimal("1200.50"), "kwh"),
        ("节约成本", Decimal("6.50"), "wan_yuan"),
    ]
    working.refresh_from_db()
    assert working.percent_done == 60
    entry = AuditEntry.objects.get(action="initiative.progress_reported")
    assert entry.changes["percent"] == 60 and entry.changes["files"] == ["现场.png"]
    evidence = Evidence.objects.get()
    download = client_for(alice).get(evidence.get_absolute_url())
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    body = client_for(alice).get(working.get_absolute_url()).content.decode()
    for text in ("60%", "节约电量 1,200.5 kWh", "节约成本 6.5 万元", "现场.png", "的进展"):
        assert text in body


@pytest.mark.parametrize("percent", ["101", "-1", "六十"])
def test_percentage_outside_0_to_100_is_refused(client_for, working, sam, percent):
    response = client_for(sam).post(
        reverse("initiatives:report", args=[working.pk]), report_data(percent=percent)
    )
    assert response.status_code == 200
    assert "进度是 0 到 100 之间的百分数。" in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert not OutcomeFigure.objects.exists()


@pytest.mark.parametrize("quantity", ["abc", "一万", "12kWh"])
def test_outcome_figure_that_is_not_a_number_is_refused(client_for, working, sam, quantity):
    response = client_for(sam).post(
        reverse("initiatives:report", args=[working.pk]), report_data(quantity=quantity)
    )
    assert response.status_code == 200
    assert "成果数值必须是数字，例如 1250.5。" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_figure_without_unit_is_refused(client_for, working, sam):
    response = client_for(sam).post(
        reverse("initiatives:report", args=[working.pk]), report_data(**{"figures-0-unit": ""})
    )
    assert "请选择单位。" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_evidence_that_is_not_an_image_or_pdf_is_refused(client_for, working, sam):
    script = SimpleUploadedFile("x.png", b"#!/bin/sh\necho hi\n", content_type="image/png")
    response = client_for(sam).post(
        reverse("initiatives:report", args=[working.pk]), {**report_data(), "files": [script]}
    )
    assert response.status_code == 200
    assert "文件既不是图片" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_only_awarded_branch_or_lead_reports(client_for, working, alice, bob, carol, who):
    person = {"alice": alice, "bob": bob, "carol": carol}[who]
    url = reverse("initiatives:report", args=[working.pk])
    assert client_for(person).get(url).status_code == 403
    assert client_for(person).post(url, report_data()).status_code == 403
    assert not ProgressReport.objects.exists()


def test_lead_reports_progress(client_for, working, sam):
    from tests.factories import MemberFactory

    lead = MemberFactory()
    Initiative.objects.filter(pk=working.pk).update(lead=lead)
    response = client_for(lead).post(
        reverse("initiatives:report", args=[working.pk]), report_data()
    )
    assert response.status_code == 302
    assert ProgressReport.objects.get().reported_by == lead


def test_no_progress_reports_once_submitted(client_for, working, sam):
    services.take_step(working, Initiative.Status.SUBMITTED, by=sam.user)
    response = client_for(sam).post(
        reverse("initiatives:report", args=[working.pk]), report_data(), follow=True
    )
    assert "只有实施中或退回整改的项目才能报告进展" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_milestone_due_before_project_start_is_refused(client_for, working, carol):
    response = client_for(carol).post(
        reverse("initiatives:milestone_create", args=[working.pk]),
        {"title": "样机试制", "due_on": "2025-03-20"},
    )
    assert response.status_code == 200
    assert "计划完成日期不能早于项目开始日期（2025-04-01）。" in response.content.decode()
    assert not Milestone.objects.exists()


def test_team_adds_milestone_within_the_period(client_for, working, sam):
    response = client_for(sam).post(
        reverse("initiatives:milestone_create", args=[working.pk]),
        {"title": "样机试制", "due_on": "2025-06-30"},
    )
    assert response.status_code == 302
    assert Milestone.objects.get().due_on == datetime.date(2025, 6, 30)
    assert AuditEntry.objects.filter(action="initiative.milestone_added").exists()


def test_member_cannot_add_milestone(client_for, working, alice):
    url = reverse("initiatives:milestone_create", args=[working.pk])
    assert client_for(alice).get(url).status_code == 403


def test_secretary_ticks_milestone_done(client_for, working, sam):
    milestone = MilestoneFactory(initiative=working, title="方案评审")
    url = reverse("initiatives:milestone_done", args=[milestone.pk])
    assert client_for(sam).get(url).status_code == 405
    response = client_for(sam).post(url, follow=True)
    assert "里程碑“方案评审”已完成" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2025, 3, 15)
    entry = AuditEntry.objects.get(action="initiative.milestone_done")
    assert entry.changes["milestone"] == "方案评审"


def test_member_and_rival_cannot_tick_milestone(client_for, working, alice, bob):
    milestone = MilestoneFactory(initiative=working)
    url = reverse("initiatives:milestone_done", args=[milestone.pk])
    assert client_for(alice).post(url).status_code == 403
    assert client_for(bob).post(url).status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_milestone_of_a_draft_is_404_for_a_member(client_for, alice):
    milestone = MilestoneFactory(initiative=InitiativeFactory(status=Initiative.Status.DRAFT))
    assert (
        client_for(alice)
        .post(reverse("initiatives:milestone_done", args=[milestone.pk]))
        .status_code
        == 404
    )


def test_detail_marks_overdue_milestones(client_for, alice):
    project = InitiativeFactory(
        status=Initiative.Status.IN_PROGRESS,
        starts_on=datetime.date(2025, 1, 1),
    )
    MilestoneFactory(
        initiative=project,
        title="方案评审",
        due_on=datetime.date(2025, 2, 1),
        done_on=datetime.date(2025, 1, 30),
    )
    MilestoneFactory(initiative=project, title="样机试制", due_on=datetime.date(2025, 3, 1))
    MilestoneFactory(initiative=project, title="试运行", due_on=datetime.date(2025, 5, 1))
    body = client_for(alice).get(project.get_absolute_url()).content.decode()
    assert body.count("已逾期") == 1
    overdue_at = body.index("已逾期")
    assert body.rindex("样机试制", 0, overdue_at) > body.rindex("方案评审", 0, overdue_at)
    assert "试运行" in body[overdue_at:]


def test_list_counts_overdue_milestones(client_for, alice):
    project = InitiativeFactory(
        status=Initiative.Status.IN_PROGRESS, starts_on=datetime.date(2025, 1, 1)
    )
    MilestoneFactory(initiative=project, due_on=datetime.date(2025, 3, 1))
    MilestoneFactory(initiative=project, due_on=datetime.date(2025, 5, 1))
    body = client_for(alice).get(reverse("initiatives:list")).content.decode()
    assert "里程碑 0/2" in body and "1 项逾期" in body
