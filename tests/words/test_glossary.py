"""A word from one domain on another domain's page: the transfer, appraisal, pledge, dues,
activity and project pages rendered in Chinese carry only their own domain's words
(docs/glossary.md, "Words that belong to one domain")."""

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse

from affairs.appraisal import services as appraisal_services
from affairs.models import Transfer
from branches.models import Activity
from tests.factories import ActivityFactory, InitiativeFactory, PledgeVersionFactory

pytestmark = pytest.mark.django_db
GLOSSARY = Path(__file__).resolve().parents[2] / "docs/glossary.md"


def domain_words():
    """{词: {domains}} from the glossary's table of words that belong to one domain."""
    text = GLOSSARY.read_text()
    section = text.split("## Words that belong to one domain", 1)[1].split("\n## ", 1)[0]
    words = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("词", "---"):
            words[cells[0]] = {d.strip() for d in cells[2].split(",")}
    return words


def main_text(response):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", main)


@pytest.fixture
def pages(client_for, sam, bob, alice, carol):
    """(domain, page text) for each page the issue names."""
    client_for(sam).post(
        reverse("affairs:transfer_create", args=[alice.pk]),
        {"kind": "internal", "reason": "工作调动", "to_branch": bob.branch.pk},
    )
    transfer = Transfer.objects.get()
    client_for(bob).post(
        reverse("affairs:transfer_decide", args=[transfer.pk, "accepted"]), {"note": ""}
    )
    appraisal = appraisal_services.open_appraisal(bob.branch, 2026, by=bob.user)
    activity = ActivityFactory(branch=bob.branch, status=Activity.Status.HELD)
    project = InitiativeFactory()
    PledgeVersionFactory(published=True, year=datetime.date.today().year)
    secretary, committee = client_for(bob), client_for(carol)
    get = {
        "transfer": [
            secretary.get(transfer.get_absolute_url()),
            secretary.get(reverse("affairs:transfer_list")),
        ],
        "appraisal": [
            secretary.get(appraisal.get_absolute_url()),
            secretary.get(reverse("affairs:appraisal_list")),
        ],
        "pledge": [
            client_for(alice).get(reverse("safety:sign")),
            committee.get(reverse("safety:version_list")),
            committee.get(reverse("safety:version_create")),
        ],
        "dues": [
            secretary.get(reverse("affairs:dues_ledger", args=[bob.branch.pk])),
            secretary.get(reverse("affairs:member_dues", args=[alice.pk])),
        ],
        "activity": [
            secretary.get(activity.get_absolute_url()),
            secretary.get(reverse("branches:activity_create", args=[bob.branch.pk])),
        ],
        "project": [
            committee.get(project.get_absolute_url()),
            committee.get(reverse("initiatives:list")),
        ],
    }
    return [(domain, main_text(r)) for domain, responses in get.items() for r in responses]


def test_the_glossary_lists_the_domain_words():
    words = domain_words()
    assert words["验收"] >= {"project"} and words["签署"] == {"pledge"}


def test_no_page_carries_another_domains_word(pages):
    words = domain_words()
    wrong = [
        (domain, word, text[max(0, text.index(word) - 20) : text.index(word) + 20].strip())
        for domain, text in pages
        for word, homes in words.items()
        if domain not in homes and word in text
    ]
    assert wrong == []


def test_the_transfer_page_says_receive_not_accept(pages):
    transfer = " ".join(text for domain, text in pages if domain == "transfer")
    assert "已接收" in transfer and "转接类型" in transfer and "经办人" in transfer
    assert "验收" not in transfer and "活动类型" not in transfer and "申请人" not in transfer
