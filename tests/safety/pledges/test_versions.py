"""The committee writes drafts and publishes them; a published text is never edited."""

import pytest
from django.urls import reverse

from hongjun.models import AuditEntry
from safety.models import PledgeVersion
from safety.pledges import queries, services
from tests.factories import PledgeVersionFactory

DATA = {"year": 2026, "title": "2026年度承诺书", "text": "一、不违章。"}


def test_committee_writes_a_draft_and_publishes_it(client_for, carol):
    client = client_for(carol)
    response = client.post(reverse("safety:version_create"), DATA)
    version = PledgeVersion.objects.get()
    assert response.status_code == 302
    assert not version.is_published
    assert queries.current_version() is None
    response = client.post(reverse("safety:version_publish", args=[version.pk]), follow=True)
    version.refresh_from_db()
    assert version.is_published
    assert version.published_by == carol.user
    assert queries.current_version() == version
    assert "已发布" in response.content.decode()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"pledge_version.created", "pledge_version.published"} <= actions


def test_latest_published_version_is_the_one_in_force(carol):
    old = services.publish_version(PledgeVersionFactory(year=2024), by=carol.user)
    new = services.publish_version(PledgeVersionFactory(year=2025), by=carol.user)
    PledgeVersionFactory(year=2026)  # a draft does not count
    assert queries.current_version() == new
    assert old.is_published


def test_draft_can_be_edited(client_for, carol):
    draft = PledgeVersionFactory()
    response = client_for(carol).post(
        reverse("safety:version_edit", args=[draft.pk]), {**DATA, "title": "改过的标题"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "改过的标题"


def test_published_version_cannot_be_edited_anywhere(client_for, carol, pledge):
    from safety.pledges.forms import PledgeVersionForm

    edit = reverse("safety:version_edit", args=[pledge.pk])
    assert client_for(carol).get(edit).status_code == 403
    assert client_for(carol).post(edit, DATA).status_code == 403
    form = PledgeVersionForm(DATA, instance=pledge)
    assert not form.is_valid()
    assert "已发布的承诺书不能修改" in str(form.errors)
    with pytest.raises(services.PledgeError):
        services.update_version(pledge, DATA, by=carol.user)
    with pytest.raises(services.PledgeError):
        services.publish_version(pledge, by=carol.user)
    pledge.refresh_from_db()
    assert pledge.title == "2025年度党员身边无违章承诺书"


def test_admin_shows_published_versions_read_only_and_signatures_unchangeable(
    admin_client, carol, alice, pledge, sign
):
    client = admin_client
    signature = sign(alice, pledge)
    page = client.get(reverse("admin:safety_pledgeversion_change", args=[pledge.pk]))
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()
    assert (
        client.post(
            reverse("admin:safety_pledgeversion_change", args=[pledge.pk]), DATA
        ).status_code
        == 403
    )
    pledge.refresh_from_db()
    assert pledge.title == "2025年度党员身边无违章承诺书"
    change = reverse("admin:safety_pledgesignature_change", args=[signature.pk])
    assert 'name="typed_name"' not in client.get(change).content.decode()
    delete = reverse("admin:safety_pledgesignature_delete", args=[signature.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:safety_pledgesignature_add")).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "   "}, "这个字段是必填项"),
        ({"year": 1800}, "确保该值大于或等于"),
        ({"title": ""}, "这个字段是必填项"),
    ],
)
def test_bad_draft_is_refused_in_chinese(client_for, carol, overrides, message):
    response = client_for(carol).post(reverse("safety:version_create"), {**DATA, **overrides})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PledgeVersion.objects.exists()


def test_only_the_committee_manages_versions(client_for, sam, alice, pledge):
    draft = PledgeVersionFactory()
    for person in (sam, alice):
        client = client_for(person)
        assert client.get(reverse("safety:version_list")).status_code == 403
        assert client.post(reverse("safety:version_create"), DATA).status_code == 403
        # A draft is not visible outside the committee; a published text is, read-only.
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.post(reverse("safety:version_publish", args=[draft.pk])).status_code == 404
        assert client.get(pledge.get_absolute_url()).status_code == 200
        assert client.post(reverse("safety:version_publish", args=[pledge.pk])).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_publish_is_post_only(client_for, carol):
    draft = PledgeVersionFactory()
    assert (
        client_for(carol).get(reverse("safety:version_publish", args=[draft.pk])).status_code == 405
    )


def test_version_list_stays_within_fixed_queries(client_for, carol, django_assert_max_num_queries):
    client = client_for(carol)
    for size in (1, 8):
        for _ in range(size):
            services.publish_version(PledgeVersionFactory(), by=carol.user)
        with django_assert_max_num_queries(7):
            assert client.get(reverse("safety:version_list")).status_code == 200


def test_version_list_shows_drafts_first_then_the_newest_with_their_signatures(
    client_for, carol, alice, sam, sign
):
    # Only the version in force is signed.
    older = services.publish_version(PledgeVersionFactory(year=2024), by=carol.user)
    sign(alice, older)
    sign(sam, older)
    newer = services.publish_version(PledgeVersionFactory(year=2025), by=carol.user)
    sign(alice, newer)
    draft = PledgeVersionFactory(year=2026)
    # A signature stays one when its member leaves.
    sam.is_active = False
    sam.save()
    response = client_for(carol).get(reverse("safety:version_list"))
    rows = [(v.pk, v.signature_count) for v in response.context["versions"]]
    assert rows == [(draft.pk, 0), (newer.pk, 1), (older.pk, 2)]
    assert f'?version={older.pk}">2</a>' in response.content.decode()


def test_versions_name_the_publisher_and_say_the_year_once(client_for, carol, alice, sign):
    # The list names who published by their name, not the account; a title that already
    # holds its year ("2026年度承诺书") is not prefixed with it again anywhere it is shown.
    version = services.publish_version(
        PledgeVersionFactory(year=2026, title="2026年度承诺书"), by=carol.user
    )
    sign(alice, version)
    client = client_for(carol)
    listing = client.get(reverse("safety:version_list")).content.decode()
    assert carol.name in listing
    assert carol.user.get_username() not in listing
    for page in (reverse("safety:rates"), reverse("home")):
        html = client.get(page).content.decode()
        assert "2026 · 2026年度" not in html
    assert "2026 · 2026年度" not in client_for(alice).get(reverse("home")).content.decode()
