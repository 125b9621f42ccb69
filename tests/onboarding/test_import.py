"""The import through the web: preview (nothing saved), confirm (all or none), again (no
change), corrected (updated by 工号), members left out (listed, not deleted)."""

import pytest
from django.contrib.auth import get_user_model

from branches.models import Branch, GeneralBranch, Member, PartyGroup
from hongjun.models import AuditEntry
from onboarding.models import ImportBatch

from .conftest import member_row, workbook_bytes

ORG = [
    ["电解党总支", "电解二车间党支部", "", "电解二车间"],
    ["电解党总支", "电解二车间党支部", "电解二车间第一党小组", ""],
    ["", "动力车间党支部", "", "动力车间"],
]


def roster(n=3, **extra):
    return [
        member_row(f"E{i:04d}", f"党员{i}", "电解二车间党支部", **extra) for i in range(1, n + 1)
    ]


def test_preview_saves_nothing_but_the_plan(upload, carol):
    before = Member.objects.count()
    response = upload(workbook_bytes(ORG, roster()))
    assert response.status_code == 200
    batch = ImportBatch.objects.get()
    assert batch.status == "previewed"
    assert batch.counts == {"org": {"create": 3}, "member": {"create": 3}}
    assert Member.objects.count() == before
    assert not Branch.objects.filter(name="电解二车间党支部").exists()
    text = response.content.decode()
    assert "新建" in text or "将新建" in text
    assert "党员1" in text


def test_confirm_creates_the_organisation_and_members_with_unusable_passwords(
    upload, committee_client
):
    upload(workbook_bytes(ORG, roster()))
    batch = ImportBatch.objects.get()
    response = committee_client.post(f"/import/{batch.digest}/confirm/", follow=True)
    assert response.status_code == 200
    branch = Branch.objects.get(name="电解二车间党支部")
    assert branch.general_branch == GeneralBranch.objects.get(name="电解党总支")
    assert branch.unit == "电解二车间"
    assert Branch.objects.get(name="动力车间党支部").general_branch is None
    assert PartyGroup.objects.filter(branch=branch, name="电解二车间第一党小组").exists()
    member = Member.objects.select_related("user").get(employee_no="E0001")
    assert member.branch == branch and member.name == "党员1" and member.gender == "m"
    assert str(member.joined_on) == "2010-07-01"
    assert member.user.username == "E0001"
    assert member.user.email == "e0001@hongjun.test"
    assert not member.user.has_usable_password()
    assert ImportBatch.objects.get().status == "applied"
    assert AuditEntry.objects.filter(action="member.created", object_id=str(member.pk)).exists()
    assert AuditEntry.objects.filter(action="roster.imported").count() == 1


def _import(upload, client, data):
    upload(data)
    batch = ImportBatch.objects.filter(status="previewed").get()
    client.post(f"/import/{batch.digest}/confirm/")
    return batch


def test_the_same_file_again_changes_nothing(upload, committee_client):
    data = workbook_bytes(ORG, roster())
    _import(upload, committee_client, data)
    members = list(Member.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()
    upload(data)
    batch = ImportBatch.objects.get(status="previewed")
    assert batch.counts == {"org": {"same": 3}, "member": {"same": 3}}
    committee_client.post(f"/import/{batch.digest}/confirm/")
    assert list(Member.objects.order_by("pk").values()) == members
    assert AuditEntry.objects.filter(action__startswith="member.").count() == entries - 1


def test_a_corrected_file_updates_by_employee_no_and_never_duplicates(upload, committee_client):
    _import(upload, committee_client, workbook_bytes(ORG, roster()))
    corrected = roster()
    corrected[1] = member_row("E0002", "党员二", "动力车间党支部", 党员类别="预备党员")
    upload(workbook_bytes(ORG, corrected))
    batch = ImportBatch.objects.get(status="previewed")
    assert batch.counts["member"] == {"same": 2, "update": 1}
    response = committee_client.get(f"/import/{batch.digest}/?show=update")
    text = response.content.decode()
    assert "党员2 → 党员二" in text and "电解二车间党支部 → 动力车间党支部" in text
    committee_client.post(f"/import/{batch.digest}/confirm/")
    assert Member.objects.filter(employee_no="E0002").count() == 1
    member = Member.objects.get(employee_no="E0002")
    assert (member.name, member.branch.name, member.status) == (
        "党员二",
        "动力车间党支部",
        "probationary",
    )
    entry = AuditEntry.objects.get(action="member.updated", object_id=str(member.pk))
    assert entry.changes["name"] == ["党员2", "党员二"]


def test_members_not_in_the_file_are_listed_not_deleted(upload, committee_client, alice):
    upload(workbook_bytes(ORG, roster()))
    batch = ImportBatch.objects.get()
    response = committee_client.get(f"/import/{batch.digest}/")
    assert "不在文件中" in response.content.decode()
    response = committee_client.get(f"/import/{batch.digest}/absent/")
    assert alice.employee_no in response.content.decode()
    committee_client.post(f"/import/{batch.digest}/confirm/")
    alice.refresh_from_db()
    assert alice.is_active


def test_refused_rows_block_the_confirm_and_nothing_is_saved(upload, committee_client):
    rows = roster()
    rows[2] = member_row("E0003", "党员3", "不存在党支部")
    upload(workbook_bytes(ORG, rows))
    batch = ImportBatch.objects.get()
    assert batch.refused == 1
    response = committee_client.get(f"/import/{batch.digest}/")
    text = response.content.decode()
    assert "第4行，“所在党支部”列" in text
    assert "data-confirm" not in text
    committee_client.post(f"/import/{batch.digest}/confirm/")
    assert not Member.objects.filter(employee_no__startswith="E").exists()
    assert not Branch.objects.filter(name="电解二车间党支部").exists()


def test_a_change_in_the_portal_after_the_preview_refuses_the_confirm(
    upload, committee_client, branch_a
):
    upload(workbook_bytes(ORG, roster()))
    batch = ImportBatch.objects.get()
    # Someone adds E0001 by hand between the preview and the confirm.
    from tests.factories import MemberFactory

    MemberFactory(employee_no="E0001", branch=branch_a)
    response = committee_client.post(f"/import/{batch.digest}/confirm/", follow=True)
    assert "请重新上传" in response.content.decode()
    assert Member.objects.filter(employee_no__startswith="E").count() == 1
    assert ImportBatch.objects.get().status == "previewed"


def test_confirming_twice_imports_once(upload, committee_client):
    upload(workbook_bytes(ORG, roster()))
    batch = ImportBatch.objects.get()
    committee_client.post(f"/import/{batch.digest}/confirm/")
    response = committee_client.post(f"/import/{batch.digest}/confirm/")
    assert response.status_code == 404
    assert Member.objects.filter(employee_no__startswith="E").count() == 3


def test_an_account_taken_by_someone_else_refuses_the_row(upload, committee_client):
    get_user_model().objects.create_user("E0001", password="x")
    upload(workbook_bytes(ORG, roster()))
    batch = ImportBatch.objects.get()
    row = batch.rows.get(sheet="member", key="E0001")
    assert row.action == "refuse" and row.errors[0][1] == "conflict"


def test_a_member_without_an_account_gets_one(upload, committee_client, branch_a):
    from tests.factories import MemberFactory

    member = MemberFactory(employee_no="E0001", name="党员1", branch=branch_a, user=None)
    rows = [member_row("E0001", "党员1", branch_a.name)]
    _import(upload, committee_client, workbook_bytes(None, rows))
    member.refresh_from_db()
    assert member.user.username == "E0001"
    assert not member.user.has_usable_password()


@pytest.mark.parametrize("who", ["alice", "sam"])
def test_only_the_committee_imports(request, client_for, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get("/import/").status_code == 403
    assert client.get("/import/template.xlsx").status_code == 403


def test_another_users_batch_is_not_found(upload, client_for, sam):
    upload(workbook_bytes(ORG, roster()))
    batch = ImportBatch.objects.get()
    client = client_for(sam)
    assert client.get(f"/import/{batch.digest}/").status_code == 404
    assert client.post(f"/import/{batch.digest}/confirm/").status_code == 404


def test_confirm_is_post_only(upload, committee_client):
    upload(workbook_bytes(ORG, roster()))
    batch = ImportBatch.objects.get()
    assert committee_client.get(f"/import/{batch.digest}/confirm/").status_code == 405


def _queries_of_an_import(upload, committee_client, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from onboarding import services

    data = workbook_bytes(ORG, roster(size))
    with CaptureQueriesContext(connection) as preview:
        upload(data)
    batch = ImportBatch.objects.get(status="previewed")
    with CaptureQueriesContext(connection) as confirm:
        services.confirm(batch, by=batch.created_by)
    return len(preview), len(confirm)


def test_an_import_runs_the_same_queries_for_5_members_as_for_120(upload, committee_client):
    """Bulk writes in batches of 2,000: not O(rows) (bench/import_roster.py times 8,000)."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(Member, ImportBatch)  # cached once a process
    small = _queries_of_an_import(upload, committee_client, 5)
    Member.objects.filter(employee_no__startswith="E").delete()
    get_user_model().objects.filter(username__startswith="E").delete()
    PartyGroup.objects.filter(branch__name__in=["电解二车间党支部", "动力车间党支部"]).delete()
    Branch.objects.filter(name__in=["电解二车间党支部", "动力车间党支部"]).delete()
    GeneralBranch.objects.filter(name="电解党总支").delete()
    assert _queries_of_an_import(upload, committee_client, 120) == small


def test_uploading_the_same_file_again_replaces_its_waiting_preview(upload):
    data = workbook_bytes(ORG, roster())
    upload(data)
    first = ImportBatch.objects.get()
    upload(data)
    second = ImportBatch.objects.get()
    assert second.pk != first.pk and second.digest == first.digest


def test_previews_nobody_confirmed_for_a_week_are_dropped(upload):
    import datetime

    from django.utils import timezone

    upload(workbook_bytes(ORG, roster(2)))
    ImportBatch.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    upload(workbook_bytes(ORG, roster(3)))
    assert ImportBatch.objects.get().counts["member"] == {"create": 3}
