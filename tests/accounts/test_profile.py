"""A member's own contact details: the e-mail address reminders go to, and a phone."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from hongjun import audit_words
from hongjun.models import AuditEntry

URL = reverse("profile")


def save(client, **data):
    return client.post(URL, {"email": "", "phone": "", **data}, follow=True)


def test_member_sets_own_email_and_phone_and_it_is_audited(client_for, alice):
    response = save(client_for(alice), email="li.aili@hongjun.example", phone="13912345678")
    assert "联系方式已保存。" in response.content.decode()
    alice.refresh_from_db()
    alice.user.refresh_from_db()
    assert (alice.user.email, alice.phone) == ("li.aili@hongjun.example", "13912345678")
    entry = AuditEntry.objects.get(action="account.profile_updated")
    assert entry.actor == alice.user
    assert entry.changes == {
        "email": ["", "li.aili@hongjun.example"],
        "phone": ["", "13912345678"],
    }
    assert audit_words.describe([entry])[0].sentence == "李爱丽 修改了自己的联系方式"


def test_saving_the_same_details_changes_nothing_and_writes_no_entry(client_for, alice):
    client = client_for(alice)
    save(client, email="a@hongjun.example", phone="0476-1234567")
    response = save(client, email="a@hongjun.example", phone="0476-1234567")
    assert "没有修改。" in response.content.decode()
    assert AuditEntry.objects.filter(action="account.profile_updated").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "li@", "phone": "13912345678"}, "请输入电子邮箱地址，例如 name@example.com。"),
        (
            {"email": "a@hongjun.example", "phone": "1391234"},
            "请输入 11 位手机号码，或带区号的座机号码，例如 0476-1234567。",
        ),
        ({"email": "a@hongjun.example", "phone": "12912345678"}, "请输入 11 位手机号码"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(client_for, alice, data, message):
    response = client_for(alice).post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    alice.refresh_from_db()
    alice.user.refresh_from_db()
    assert (alice.user.email, alice.phone) == ("", "")
    assert not AuditEntry.objects.filter(action="account.profile_updated").exists()


def test_an_account_without_a_member_record_sets_only_its_email(db):
    user = get_user_model().objects.create_user("ops", password="pw-ops-12345")
    client = Client()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert 'name="email"' in page and 'name="phone"' not in page
    save(client, email="ops@hongjun.example", phone="13912345678")
    user.refresh_from_db()
    assert user.email == "ops@hongjun.example"


def test_profile_needs_sign_in_and_is_linked_from_the_menu_and_reminder_settings(
    client, client_for, alice
):
    assert client.get(URL).status_code == 302
    member = client_for(alice)
    assert f'href="{URL}"' in member.get(reverse("home")).content.decode()
    settings_page = member.get(reverse("inbox:preferences")).content.decode()
    assert f'href="{URL}"' in settings_page and "还没有填写电子邮箱" in settings_page
    save(member, email="li.aili@hongjun.example")
    settings_page = member.get(reverse("inbox:preferences")).content.decode()
    assert "提醒邮件将发送到 li.aili@hongjun.example。" in settings_page


def test_profile_page_queries_are_fixed(client_for, alice, django_assert_max_num_queries):
    client = client_for(alice)
    with django_assert_max_num_queries(6):
        assert client.get(URL).status_code == 200
