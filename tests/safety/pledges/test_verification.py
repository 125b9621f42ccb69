"""The public verification page: anyone with the code, only what is not private."""

from django.db import connection
from django.urls import reverse


def verify_url(code):
    return reverse("safety:verify_code", args=[code])


def test_anyone_with_the_code_sees_the_signature_is_intact(client, alice, pledge, sign):
    signature = sign(alice, pledge, ip="10.9.8.7", user_agent="SecretPhone/1.0")
    response = client.get(verify_url(signature.code))
    body = response.content.decode()
    assert response.status_code == 200
    assert "有效：该签名完整无误" in body
    for shown in ("李**", "电解一车间党支部", "2025年度党员身边无违章承诺书"):
        assert shown in body
    for private in ("李爱丽", "10.9.8.7", "SecretPhone", alice.employee_no, signature.digest):
        assert private not in body


def test_code_is_accepted_as_printed_or_typed_loosely(client, alice, pledge, sign):
    signature = sign(alice, pledge)
    loose = signature.display_code.lower().replace("-", " ")
    response = client.get(reverse("safety:verify"), {"code": loose})
    assert response.status_code == 302
    assert response.url == verify_url(signature.code)


def test_forged_code_is_not_valid(client, alice, pledge, sign):
    sign(alice, pledge)
    response = client.get(verify_url("ABCDEFGHJKMN"))
    assert response.status_code == 404
    assert "无效：没有与此验证码对应的签名" in response.content.decode()


def test_malformed_code_gets_a_clear_message(client, db):
    response = client.get(reverse("safety:verify"), {"code": "12-0O"})
    assert response.status_code == 200
    assert "验证码由12位字母和数字组成" in response.content.decode()
    assert client.get(verify_url("<script>")).status_code == 404


def test_signature_changed_behind_the_portal_is_not_valid(client, alice, sam, pledge, sign):
    signature = sign(alice, pledge)
    sign(sam, pledge)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        cursor.execute(
            "UPDATE safety_pledgesignature SET typed_name = %s WHERE id = %s",
            ["别人", signature.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    body = client.get(verify_url(signature.code)).content.decode()
    assert "无效：该签名的记录已被篡改" in body


def test_removed_neighbour_makes_the_next_signature_not_valid(client, alice, sam, pledge, sign):
    sign(alice, pledge)
    second = sign(sam, pledge)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("DELETE FROM safety_pledgesignature WHERE seq = 1")
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    assert "无效：该签名的记录已被篡改" in client.get(verify_url(second.code)).content.decode()


def test_verify_page_is_public_and_get_only(client, db):
    assert client.get(reverse("safety:verify")).status_code == 200
    assert client.post(reverse("safety:verify"), {"code": "x"}).status_code == 405


def test_verify_page_stays_within_fixed_queries(
    client, alice, pledge, sign, django_assert_max_num_queries
):
    from tests.factories import MemberFactory

    for size in (1, 10):
        for _ in range(size):
            last = sign(MemberFactory(branch=alice.branch), pledge)
        with django_assert_max_num_queries(2):
            assert client.get(verify_url(last.code)).status_code == 200
