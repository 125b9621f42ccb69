"""What every signed-in page pays before its own work: the session from Redis and the
user, their member record, roles and unread count in one query (hongjun.backends)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from hongjun import access
from hongjun.backends import signed_in_user
from reminders.services import unread_count
from tests.factories import MemberFactory, ReminderFactory, RoleFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.hongjun.floor_urls")]


def test_the_signed_in_floor_is_one_query(client_for, sam, alice, django_assert_num_queries):
    ReminderFactory(recipient=sam.user)
    client = client_for(sam)
    client.get("/bench/floor/")  # the session is read into the cache once
    # Not O(roles) or O(reminders): the user row brings the member, the roles and the bell.
    with django_assert_num_queries(1):
        response = client.get("/bench/floor/")
    body = response.content.decode()
    assert response.status_code == 200
    assert sam.name in body  # the navbar names the member
    assert 'class="badge rounded-pill bell-count"' in body  # and the bell counts one


@pytest.mark.parametrize("who", ["sam", "carol", "alice", "retired", "no_member"])
def test_the_actor_from_the_users_row_is_the_actor_from_queries(request, who, carol, sam):
    if who == "retired":
        member = MemberFactory(is_active=False, user__username="retired")
        RoleFactory(member=member, kind="secretary", branch=member.branch)
        user = member.user
    elif who == "no_member":
        user = get_user_model().objects.create_user("nobody", password="x")
    else:
        user = request.getfixturevalue(who).user
    loaded = signed_in_user(user.pk)
    plain = get_user_model().objects.get(pk=user.pk)
    assert access.actor(loaded) == access.actor(plain)
    assert unread_count(loaded) == unread_count(plain)
    assert loaded.get_session_auth_hash() == plain.get_session_auth_hash()


def test_pages_work_from_the_database_when_redis_is_down(client_for, alice):
    client = client_for(alice)
    dead = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    with override_settings(CACHES=dead):
        response = client.get("/bench/floor/")
        assert response.status_code == 200
        assert alice.name in response.content.decode()
        client.post("/accounts/logout/")
        assert client.get("/bench/floor/").status_code == 200
        assert alice.name not in client.get("/bench/floor/").content.decode()


def test_no_user_or_a_malformed_id_loads_nobody(db):
    assert signed_in_user(987654) is None
    assert signed_in_user("not a number") is None
