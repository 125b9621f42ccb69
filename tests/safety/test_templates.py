"""The safety templates ask `hongjun.access` for rights (the `can` tag or a flag the view
set from it), never the actor's roles."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

SAFETY_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "safety"
ROLE_READ = re.compile(r"\bportal_actor\.|\bis_committee\b|\bis_secretary\b")


def test_no_safety_template_reads_the_actors_roles():
    readers = [
        str(path.relative_to(SAFETY_TEMPLATES))
        for path in sorted(SAFETY_TEMPLATES.rglob("*.html"))
        if ROLE_READ.search(path.read_text())
    ]
    assert readers == []


def test_the_participation_link_shows_to_whom_access_lets_see_it(client_for, carol, sam):
    url = reverse("study:participation")
    assert f'href="{url}"' in client_for(carol).get(reverse("study:list")).content.decode()
    assert f'href="{url}"' not in client_for(sam).get(reverse("study:list")).content.decode()
    assert client_for(sam).get(url).status_code == 403
