"""The wrong words issue 18 found, each pinned so it cannot come back."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import polib
import pytest
from django.urls import reverse
from django.utils import translation

from affairs.models import (
    Applicant,
    AppraisalResult,
    BranchMembership,
    DuesPayment,
    SelfAssessment,
    Transfer,
    VoteCount,
)
from branches import ical
from branches.compliance import DUE, STATE_LABELS
from branches.models import ActivityKind, Member
from dashboard.models import ExportJob
from initiatives.forms import ProgressReportForm
from safety.demo.pledges import with_year_point
from safety.models import Hazard, PledgeVersion
from tests.factories import ActivityFactory, PledgeVersionFactory

PO = Path(__file__).resolve().parents[2] / "locale/zh_Hans/LC_MESSAGES/django.po"


def zh(text):
    with translation.override("zh-hans"):
        return str(text)


def label(model, field):
    return zh(model._meta.get_field(field).verbose_name)


@pytest.mark.parametrize(
    ("model", "field", "word"),
    [
        (Transfer, "status", "状态"),
        (Transfer, "kind", "转接类型"),
        (Transfer, "requested_by", "经办人"),
        (Hazard, "status", "状态"),
        (VoteCount, "rating", "等次"),
        (SelfAssessment, "rating", "等次"),
        (AppraisalResult, "rating", "等次"),
        (PledgeVersion, "title", "标题"),
        (Member, "name", "姓名"),
        (Member, "status", "党员类别"),
        (Applicant, "name", "姓名"),
        (Applicant, "member", "党员信息"),
        (DuesPayment, "attempt", "缴纳次数"),
        (ExportJob, "requested_by", "导出人"),
    ],
)
def test_field_labels_say_the_right_word(model, field, word):
    assert label(model, field) == word


def test_transfer_states_are_received_not_accepted():
    assert zh(Transfer.Status.ACCEPTED.label) == "已接收"


def test_applicant_and_branch_history_read_as_a_party_worker_writes():
    assert zh(Applicant._meta.verbose_name) == "申请入党人员"
    assert zh(BranchMembership._meta.verbose_name_plural) == "组织关系变动记录"


def test_appraisal_ballot_is_a_democratic_evaluation():
    from affairs.models import Appraisal

    assert zh(Appraisal.Status.OPEN.label) == "测评中"


def test_compliance_due_is_to_be_held():
    assert zh(STATE_LABELS[DUE]) == "待开展"


def test_project_progress_text_is_progress_not_hazard_fix():
    with translation.override("zh-hans"):
        assert str(ProgressReportForm.base_fields["text"].label) == "进展情况"


def test_no_chinese_sentence_carries_half_width_punctuation():
    cjk = "\u4e00-\u9fff"
    pattern = re.compile(f"[{cjk}][,;:!?(]|[,;:!?)][{cjk}]")
    bad = [
        (e.msgid, s)
        for e in polib.pofile(str(PO))
        for s in [e.msgstr, *e.msgstr_plural.values()]
        if pattern.search(s)
    ]
    assert bad == []


def test_pledge_year_is_said_once():
    version = PledgeVersion(year=2026, title="2026年度“党员身边无违章”安全承诺书")
    assert str(version) == "2026年度“党员身边无违章”安全承诺书"
    assert str(PledgeVersion(year=2026, title="安全承诺书")) == "2026 · 安全承诺书"


def test_demo_pledge_point_six_comes_before_the_closing_sentence():
    text = with_year_point(2026)
    assert text.index("六、2026年重点") < text.index("如有违反")
    assert text.rstrip().endswith("考核。")


@pytest.mark.django_db
def test_activity_kind_is_said_once(client_for, sam):
    doubled = ActivityFactory(
        branch=sam.branch, kind=ActivityKind.THEME_DAY, topic="主题党日：重温入党誓词"
    )
    assert zh_heading(doubled) == "主题党日：重温入党誓词"
    text = ical.feed([doubled], "x", lambda a: "/a/", "example.org")
    assert "主题党日：主题党日" not in text and "重温入党誓词" in text
    page = client_for(sam).get(
        reverse("branches:calendar"), {"month": doubled.starts_at.strftime("%Y-%m")}
    )
    assert "主题党日：主题党日" not in page.content.decode()


def zh_heading(activity):
    with translation.override("zh-hans"):
        return activity.heading


@pytest.mark.django_db
def test_demo_topics_do_not_repeat_their_kind():
    from branches.demo_activities import TOPICS

    for kind, topics in TOPICS.items():
        for topic in topics:
            assert not topic.startswith(zh(kind.label)), topic


@pytest.mark.django_db
def test_dues_export_amounts_are_numbers_and_proxy_is_said_once(client_for, sam, alice):
    today = datetime.date.today()
    DuesPayment.objects.create(
        member=alice,
        branch=alice.branch,
        month=today.replace(day=1),
        amount=12,
        paid_on=today,
        proxy="班组长",
        proxy_consent_by="孙明",
        proxy_consent_on=today,
    )
    response = client_for(sam).get(
        reverse("affairs:dues_export", args=[sam.branch.pk]), {"year": today.year}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert 12 in values or any(isinstance(v, int | float) and v == 12 for v in values)
    joined = " ".join(str(v) for v in values if v is not None)
    assert "代缴代缴" not in joined and f"{today.month}月：班组长" in joined


@pytest.mark.django_db
def test_dues_ledger_counts_member_months(client_for, sam):
    text = client_for(sam).get(reverse("affairs:dues_ledger", args=[sam.branch.pk])).content
    assert "人·月" in text.decode() and "名党员" not in text.decode().split("党费台账", 1)[1][:300]


@pytest.mark.django_db
def test_activity_form_has_one_topic_label(client_for, sam):
    html = client_for(sam).get(reverse("branches:activity_create", args=[sam.branch.pk]))
    labels = re.findall(r"<label[^>]*>\s*([^<*]+?)\s*(?:<span|\*|</label>)", html.content.decode())
    assert labels.count("主题") == 1 and "党建+X" in labels
    assert "类别" not in labels and "活动类型" in labels


@pytest.mark.django_db
def test_pledge_versions_list_heads_state_and_title(client_for, carol):
    PledgeVersionFactory()
    html = client_for(carol).get(reverse("safety:version_list")).content.decode()
    heads = re.findall(r"<th[^>]*>([^<]+)</th>", html)
    assert "状态" in heads and "标题" in heads and "类别" not in heads
