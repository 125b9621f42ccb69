"""The import works on the demo company: its committee account downloads the template with
the demo's branches, and the demo's own roster, written back as a file, changes nothing but
the accounts of the members who have none (the demo's new 预备党员)."""

import io

from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from branches.models import Member
from onboarding.models import ImportBatch

from .conftest import as_upload, member_row, workbook_bytes


def test_the_demo_committee_imports_its_own_roster_with_no_change_but_accounts(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(Member.objects.get(user__username="committee").user)
    template = load_workbook(io.BytesIO(client.get("/import/template.xlsx").content))
    listed = [c.value for c in template["填写说明"]["H"][2:] if c.value]
    members = list(Member.objects.filter(is_active=True).select_related("branch", "party_group"))
    assert {m.branch.name for m in members} <= set(listed)
    rows = [
        member_row(
            m.employee_no,
            m.name,
            m.branch.name,
            性别={"m": "男", "f": "女"}.get(m.gender, ""),
            党小组=m.party_group.name if m.party_group else "",
            党员类别={"full": "正式党员", "probationary": "预备党员"}[m.status],
            入党日期=m.joined_on.isoformat() if m.joined_on else "",
            岗位=m.post,
            联系电话=m.phone,
            电子邮箱=m.user.email if m.user else "",
        )
        for m in members
    ]
    response = client.post("/import/", {"file": as_upload(workbook_bytes(None, rows))})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    without = {m.employee_no for m in members if m.user is None}
    changed = {row.key: row.changes for row in batch.rows.exclude(action="same")}
    assert changed == {no: {"account": [None, no]} for no in without}
    assert batch.counts["member"]["same"] == len(members) - len(without) > 100
    assert client.get(response.url).status_code == 200
