"""The records behind a dashboard number download as a workbook: the page's scope and
filters, formulas kept as text, the download audited, a fixed number of queries."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboard import exports
from hongjun import audit_words
from hongjun.models import AuditEntry
from tests.factories import ActivityFactory, BranchFactory

from .conftest import at

URL = reverse("dashboard:activities_download")
PAGE = reverse("dashboard:activities")


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_the_page_links_to_its_download_with_the_same_filters(client_for, carol, known):
    query = f"scope=branch:{known.a.pk}&kinds=committee_meeting&status=held"
    body = client_for(carol).get(f"{PAGE}?{query}").content.decode()
    assert (
        f'href="{URL}?scope=branch%3A{known.a.pk}&amp;kinds=committee_meeting&amp;status=held"'
        in body
    )
    assert "下载 .xlsx" in body


def test_download_has_the_drill_downs_records_and_no_others(client_for, carol, known):
    query = {"scope": f"branch:{known.a.pk}", "kinds": "committee_meeting", "status": "held"}
    listed = client_for(carol).get(PAGE, query).context["page"]
    values = rows_of(client_for(carol).get(URL, query))
    assert values[0][0] == f"{known.a.name} · 活动 · 支部委员会"
    assert values[1][:5] == ["日期", "党支部", "活动类型", "党小组", "主题"]
    body = values[2:]
    assert len(body) == len(listed) == 2
    assert {r[1] for r in body} == {known.a.name} and {r[2] for r in body} == {"支部委员会"}
    shanghai = at(known.today).tzinfo
    assert [r[0] for r in body] == [
        a.starts_at.astimezone(shanghai).strftime("%Y-%m-%d %H:%M") for a in listed
    ]


def test_topic_that_looks_like_a_formula_stays_text(client_for, carol, known):
    formula = '=HYPERLINK("http://x","点击")'
    ActivityFactory(branch=known.a, topic=formula, starts_at=at(datetime.date(2026, 5, 2)))
    response = client_for(carol).get(URL, {"scope": f"branch:{known.a.pk}"})
    sheet = load_workbook(BytesIO(response.content)).active
    [cell] = [row[4] for row in sheet.iter_rows() if row[4].value == formula]
    assert cell.data_type == "s" and cell.quotePrefix


def test_secretary_downloads_own_branch_only(client_for, sam, alice, known):
    client = client_for(sam)
    values = rows_of(client.get(URL, {"scope": f"branch:{known.a.pk}"}))
    assert {r[1] for r in values[2:]} == {known.a.name}
    assert client.get(URL, {"scope": f"branch:{known.b.pk}"}).status_code == 404
    assert client.get(URL, {"scope": "company"}).status_code == 404
    assert client_for(alice).get(URL).status_code == 403
    assert (
        not AuditEntry.objects.filter(action="export.drill_down").exclude(actor=sam.user).exists()
    )


def test_download_is_audited_with_scope_filters_and_rows(client_for, carol, sam, known):
    query = {"scope": f"branch:{known.a.pk}", "kinds": "committee_meeting"}
    listed = client_for(sam).get(PAGE, query).context["page"].paginator.count
    client_for(sam).get(URL, query)
    entry = AuditEntry.objects.get(action="export.drill_down")
    assert entry.actor == sam.user and entry.object_repr == known.a.name
    assert entry.changes["filters"] == {
        "scope": f"branch:{known.a.pk}",
        "kinds": "committee_meeting",
    }
    assert entry.changes["rows"] == listed == 3  # two held, one planned
    [described] = audit_words.describe([entry])
    assert described.sentence == f"孙明 下载了看板数字背后的活动清单：{known.a.name}"
    client_for(carol).get(URL, {"scope": "company"})
    assert AuditEntry.objects.filter(action="export.drill_down").count() == 2


def test_a_long_list_is_cut_and_says_so(client_for, carol, known, monkeypatch):
    monkeypatch.setattr(exports, "DRILL_DOWN_MAX_ROWS", 2)
    values = rows_of(client_for(carol).get(URL, {"scope": "company"}))
    assert values[0][0].endswith("前 2 条") and len(values) == 4


@pytest.mark.parametrize("size", [1, 6])
def test_download_queries_do_not_grow(
    client_for, carol, known, size, django_assert_max_num_queries
):
    for _ in range(size):
        branch = BranchFactory()
        for day in (3, 4, 5):
            ActivityFactory(branch=branch, starts_at=at(datetime.date(2026, 4, day)))
    client = client_for(carol)
    # Session, user, actor (2), branches, the rows, the 党委 and the audit entry (+ savepoints).
    with django_assert_max_num_queries(10):
        values = rows_of(client.get(URL, {"scope": "company", "date_from": "2026-04-01"}))
    assert len(values) - 2 >= 3 * size
