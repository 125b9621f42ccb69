"""Every right a template shows comes from access.py (the `can` tag or a flag a view set from
it): no template decides one by reading the actor's attributes."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Attributes a right would be re-derived from: the actor's flags and role sets.
DERIVED = re.compile(
    r"(?<![\w.])(portal_actor|actor)\.\w+|\b(is_committee|is_branch_editor|editor_branch_ids|"
    r"secretary_branch_ids)\b"
)


def test_no_template_reads_rights_off_the_actor():
    found = [
        f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()[:80]}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if DERIVED.search(line)
    ]
    assert found == []


def test_the_can_tag_asks_access(carol, alice):
    template = Template(
        '{% load portal %}{% can "see_dashboard" as sees %}{% can "sign_pledge" member as signs %}'
        "{{ sees }} {{ signs }}"
    )
    request = RequestFactory().get("/")
    request.user = carol.user
    assert template.render(Context({"request": request, "member": alice})) == "True False"
    request.user = alice.user
    assert template.render(Context({"request": request, "member": alice})) == "False True"
