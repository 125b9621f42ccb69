"""Signing the pledge on the phone: the page, the POST, the receipt and every refusal."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from hongjun.models import AuditEntry
from reminders import services as reminders
from reminders.models import Reminder
from safety.models import PledgeSignature
from safety.pledges import chain, services
from tests.factories import MemberFactory, PledgeVersionFactory, ReminderFactory

SIGN = reverse("safety:sign")
PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


def post_sign(client, version, name, **extra):
    return client.post(
        SIGN, {"version": version.pk, "typed_name": name}, HTTP_USER_AGENT=PHONE_UA, **extra
    )


def test_sign_page_shows_the_text_in_force_and_one_button(client_for, alice, pledge):
    body = client_for(alice).get(SIGN).content.decode()
    assert "2025年度党员身边无违章承诺书" in body
    assert "不违章作业" in body
    assert "请输入您的姓名以签署" in body
    assert body.count("我承诺并签署") == 1


def test_member_signs_and_gets_a_receipt(client_for, alice, pledge):
    client = client_for(alice)
    response = post_sign(client, pledge, "李爱丽", REMOTE_ADDR="10.1.2.3")
    signature = PledgeSignature.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("safety:receipt", args=[signature.pk])
    assert (signature.member, signature.version, signature.typed_name) == (alice, pledge, "李爱丽")
    assert signature.ip_address == "10.1.2.3"
    assert signature.user_agent == PHONE_UA
    assert signature.text_digest == chain.text_digest(pledge)
    assert signature.prev_digest == "0" * 64
    assert signature.digest == chain.digest_of(signature)
    assert AuditEntry.objects.filter(action="pledge.signed", object_id=str(signature.pk)).exists()

    body = client.get(response.url).content.decode()
    for text in ("李爱丽", "电解一车间党支部", "2025年度党员身边无违章承诺书", "签署成功"):
        assert text in body
    assert signature.display_code in body
    assert reverse("safety:verify_code", args=[signature.code]) in body


def test_typed_name_ignores_spaces_from_a_phone_keyboard(client_for, alice, pledge):
    post_sign(client_for(alice), pledge, " 李\u3000爱丽 ")
    assert PledgeSignature.objects.get().typed_name == "李爱丽"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "请输入您的姓名以签署"),
        ("   ", "请输入您的姓名以签署"),
        ("孙明", "您输入的姓名与支部登记的姓名不一致"),
    ],
)
def test_empty_or_wrong_name_is_refused_and_nothing_stored(
    client_for, alice, sam, pledge, name, message
):
    response = post_sign(client_for(alice), pledge, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PledgeSignature.objects.exists()


def test_a_replaced_version_cannot_be_signed(client_for, alice, carol, pledge):
    newer = services.publish_version(PledgeVersionFactory(year=2025), by=carol.user)
    response = post_sign(client_for(alice), pledge, "李爱丽")
    assert response.status_code == 200
    assert "不是现行的承诺书" in response.content.decode()
    assert not PledgeSignature.objects.exists()
    # The page now shows the newer text, which signs normally.
    assert response.context["version"].pk == newer.pk


def test_a_draft_cannot_be_signed(client_for, alice, pledge):
    draft = PledgeVersionFactory(year=2026)
    response = post_sign(client_for(alice), draft, "李爱丽")
    assert "不是现行的承诺书" in response.content.decode()
    assert not PledgeSignature.objects.exists()
    with pytest.raises(services.PledgeError):
        services.sign_pledge(draft, alice, "李爱丽", by=alice.user)
    assert not PledgeSignature.objects.exists()


def test_nobody_signs_for_someone_else(alice, sam, carol, pledge):
    for by in (sam.user, carol.user):
        with pytest.raises(PermissionDenied):
            services.sign_pledge(pledge, alice, "李爱丽", by=by)
    assert not PledgeSignature.objects.exists()


def test_the_form_signs_for_the_logged_in_member_only(client_for, alice, sam, pledge):
    response = client_for(sam).post(
        SIGN, {"version": pledge.pk, "typed_name": "李爱丽", "member": alice.pk}
    )
    assert response.status_code == 200
    assert "您输入的姓名与支部登记的姓名不一致" in response.content.decode()
    assert not PledgeSignature.objects.exists()


def test_second_post_gives_one_signature_and_says_already_signed(client_for, alice, pledge):
    client = client_for(alice)
    post_sign(client, pledge, "李爱丽")
    response = post_sign(client, pledge, "李爱丽", follow=True)
    assert PledgeSignature.objects.count() == 1
    assert "您已签署" in response.content.decode()
    assert response.redirect_chain[-1][0] == PledgeSignature.objects.get().get_absolute_url()


def test_second_signature_refused_by_service_and_by_database(alice, pledge, sign):
    from django.db import IntegrityError, transaction

    first = sign(alice, pledge)
    with pytest.raises(services.AlreadySigned) as refused:
        sign(alice, pledge)
    assert refused.value.signature == first
    duplicate = PledgeSignature(
        seq=2,
        version=pledge,
        member=alice,
        typed_name="李爱丽",
        signed_at=first.signed_at,
        code=chain.new_code(),
        text_digest=first.text_digest,
        prev_digest=first.digest,
        digest="f" * 64,
    )
    with (
        pytest.raises(IntegrityError, match="pledge_signature_once_per_version"),
        transaction.atomic(),
    ):
        duplicate.save()


def test_signatures_cannot_be_changed_or_removed_through_the_orm(alice, pledge, sign):
    from django.core.exceptions import ValidationError

    signature = sign(alice, pledge)
    signature.typed_name = "别人"
    with pytest.raises(ValidationError):
        signature.save()
    with pytest.raises(ValidationError):
        signature.delete()
    with pytest.raises(ValidationError):
        PledgeSignature.objects.filter(pk=signature.pk).update(typed_name="别人")
    with pytest.raises(ValidationError):
        PledgeSignature.objects.all().delete()
    signature.refresh_from_db()
    assert signature.typed_name == "李爱丽"


def test_signed_member_opening_the_sign_page_goes_to_the_receipt(client_for, alice, pledge, sign):
    signature = sign(alice, pledge)
    response = client_for(alice).get(SIGN)
    assert response.status_code == 302
    assert response.url == signature.get_absolute_url()


def test_no_pledge_published_says_so(client_for, alice):
    assert "尚未发布承诺书" in client_for(alice).get(SIGN).content.decode()


def test_receipt_is_the_member_own(client_for, alice, sam, bob, carol, pledge, sign):
    url = sign(alice, pledge).get_absolute_url()
    assert client_for(alice).get(url).status_code == 200
    assert client_for(carol).get(url).status_code == 200
    assert client_for(sam).get(url).status_code == 404
    assert client_for(bob).get(url).status_code == 404


def test_sign_page_needs_login(client, pledge):
    response = client.get(SIGN)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_page_and_post_stay_within_fixed_queries(
    client_for, branch_a, pledge, sign, django_assert_max_num_queries
):
    # Not O(members, signatures): the page reads the version in force with the member's
    # own signature in one query, and the POST adds one link whatever the chain holds.
    for size in (2, 12):
        for _ in range(size):
            sign(MemberFactory(branch=branch_a), pledge)
        signer = MemberFactory(branch=branch_a, name=f"新党员{size}")
        client = client_for(signer)
        with django_assert_max_num_queries(6):
            assert client.get(SIGN).status_code == 200
        with django_assert_max_num_queries(14):
            assert post_sign(client, pledge, signer.name).status_code == 302
    assert PledgeSignature.objects.count() == 16


def test_signing_settles_the_please_sign_reminders(client_for, alice, pledge):
    alice.user.email = "alice@example.cn"
    alice.user.save()
    shown = ReminderFactory(kind="pledge_unsigned", target=pledge, recipient=alice.user)
    waiting = ReminderFactory(
        kind="pledge_unsigned",
        target=pledge,
        recipient=alice.user,
        due_on=shown.due_on - datetime.timedelta(days=7),
    )
    other = ReminderFactory(kind="activity", recipient=alice.user)
    client = client_for(alice)
    assert shown in client.get(reverse("home")).context["my_reminders"]
    assert post_sign(client, pledge, alice.name).status_code == 302
    home = client.get(reverse("home"))
    # Gone from 我的待办 and the bell; the unrelated reminder stays.
    assert [r.pk for r in home.context["my_reminders"]] == [other.pk]
    assert home.context["unread_reminders"] == 1
    # One not yet delivered goes out unmailed.
    assert reminders.deliver(waiting.pk).state == "sent"
    assert mail.outbox == []
    assert Reminder.objects.get(pk=waiting.pk).emailed is False


def test_behind_nginx_signature_and_audit_entry_keep_the_members_address(
    settings, client_for, alice, pledge
):
    settings.PROXY_COUNT = 1
    settings.TRUSTED_PROXIES = ["10.0.1.5/32"]
    post_sign(
        client_for(alice),
        pledge,
        "李爱丽",
        REMOTE_ADDR="10.0.1.5",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23",
    )
    signature = PledgeSignature.objects.get()
    assert signature.ip_address == "198.51.100.23"
    entry = AuditEntry.objects.get(action="pledge.signed")
    assert entry.ip_address == "198.51.100.23"
