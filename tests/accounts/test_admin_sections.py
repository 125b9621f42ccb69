"""The admin in Chinese, every section of it, and the sections the 党委 group manages."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from hongjun import access

CJK = re.compile(r"[\u4e00-\u9fff]")


def sections(client):
    """{section: [model names]} of the admin's index page."""
    body = client.get("/admin/").content.decode()
    found = {}
    for block in re.findall(r'<div class="app-[^"]*module[^"]*">(.*?)</table>', body, re.S):
        [caption] = re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", block)
        found[caption.strip()] = [
            name.strip()
            for name in re.findall(r'<th scope="row"[^>]*>\s*(?:<a[^>]*>)?([^<]*)', block)
        ]
    return found


def verified(user):
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.force_login(user)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    assert client.post("/accounts/two-factor/", {"code": f"{code:06d}"}).status_code == 302
    return client


def test_every_admin_section_and_model_has_a_chinese_name(admin_client):
    found = sections(admin_client)
    assert len(found) >= 11
    english = [
        name
        for section, models in found.items()
        for name in [section, *models]
        if not CJK.search(name)
    ]
    assert english == []
    assert "登录安全" in found and "身份验证器" in found["账号与登录"]
    assert {"登录尝试", "登录失败记录", "登录日志"} <= set(found["登录安全"])


def test_committee_group_manages_its_sections_and_no_others(carol):
    user = carol.user
    user.is_staff = True
    user.save()
    services.sync_committee_group([user])
    client = verified(user)
    found = sections(client)
    assert set(found) == {"组织架构", "示范与揭榜项目", "安全生产", "党务", "看板", "提醒"}
    # Party affairs are read here, changed through the portal's workflows.
    assert client.get("/admin/affairs/transfer/").status_code == 200
    assert client.get("/admin/affairs/transfer/add/").status_code == 403
    assert client.get("/admin/branches/cadence/add/").status_code == 200
    for kept in ("/admin/auth/user/", "/admin/axes/accessattempt/", "/admin/hongjun/auditentry/"):
        assert client.get(kept).status_code == 403, kept


def test_command_sets_the_group_to_exactly_the_table_whatever_it_held(carol):
    group = services.sync_committee_group()
    group.permissions.add(*Permission.objects.filter(content_type__app_label="auth"))
    carol.user.is_staff = True
    carol.user.save()
    out = StringIO()
    call_command("committee_admin_group", carol.user.username, stdout=out)
    labels = set(group.permissions.values_list("content_type__app_label", flat=True))
    assert labels == set(access.COMMITTEE_ADMIN)
    affairs = group.permissions.filter(content_type__app_label="affairs")
    assert affairs.exists() and not affairs.exclude(codename__startswith="view_").exists()
    assert carol.user.groups.filter(pk=group.pk).exists()
    assert out.getvalue().startswith("党委：")


def test_command_refuses_an_account_that_is_not_staff(alice):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not staff"):
        call_command("committee_admin_group", alice.user.username)


def test_an_authenticator_changed_in_the_admin_is_audited_without_its_key(admin_client, settings):
    from hongjun.models import AuditEntry
    from tests.audit.test_admin_and_immutability import form_data

    settings.OTP_ADMIN_HIDE_SENSITIVE_DATA = False  # the key field is on the form
    device = TOTPDevice.objects.create(user=admin_client.user, name="旧手机", confirmed=True)
    url = f"/admin/accounts/authenticator/{device.pk}/change/"
    data = form_data(admin_client.get(url)) | {
        "name": "新手机",
        "key": "3132333435363738393031323334353637383930",
    }
    assert admin_client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="authenticator.admin_changed")
    assert entry.changes["name"] == ["旧手机", "新手机"]
    assert "key" not in entry.changes and device.key not in str(entry.changes)
