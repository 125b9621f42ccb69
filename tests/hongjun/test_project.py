"""The project as a whole: settings, admin, translations, error pages, static files."""

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import override_settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def test_every_model_is_in_the_admin_with_a_chinese_name():
    from django.utils import translation

    ours = [m for m in apps.get_models() if m._meta.app_label in settings.PORTAL_APPS]
    assert ours
    # A model edited inside its parent's page (an inline) counts as in the admin.
    in_admin = set(admin.site._registry) | {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    with translation.override("zh-hans"):
        for model in ours:
            assert model in in_admin, model
            name = str(model._meta.verbose_name)
            assert re.search(r"[\u4e00-\u9fff]", name), f"{model.__name__}: {name}"


def test_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(CATALOGUE))
    missing = [e.msgid for e in po if not e.translated() or e.obsolete]
    assert missing == []
    mo = polib.mofile(str(CATALOGUE.with_suffix(".mo")))
    compiled = {e.msgid: e.msgstr for e in mo}
    stale = [e.msgid for e in po if e.msgid not in compiled]
    assert stale == [], "run `make messages`: the .mo file is older than the .po file"


def test_catalogue_has_every_string_of_the_code(tmp_path):
    """makemessages over a copy of the sources finds nothing the catalogue lacks."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "media", "staticfiles", "node_modules", "test-artifacts", "*.sqlite3"
        ),
    )
    env = {**os.environ, "DEBUG": "1"}
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--ignore=.venv",
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / CATALOGUE.relative_to(ROOT)))}
    known = {e.msgid for e in polib.pofile(str(CATALOGUE))}
    assert sorted(fresh - known) == []


def test_no_file_is_loaded_from_another_host():
    pattern = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")
    offenders = [
        str(p) for p in (ROOT / "templates").rglob("*.html") if pattern.search(p.read_text())
    ]
    assert offenders == []


def test_templates_have_no_inline_script_or_style():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", re.I)
    offenders = [
        str(p) for p in (ROOT / "templates").rglob("*.html") if inline.search(p.read_text())
    ]
    assert offenders == []


def check_deploy(**settings):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 60 + "production-secret-key-for-check",
        ALLOWED_HOSTS="portal.example.cn",
        SITE_URL="https://portal.example.cn",
        FIELD_ENCRYPTION_KEYS="jwdu4aKVdlPi7cy5SH6C00_wxvRfq3hK1PFpRwOqM-o=",
    )
    env.update({k: v for k, v in settings.items() if v is not None})
    for name in [k for k, v in settings.items() if v is None]:
        env.pop(name)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("site_url", "warning"),
    [
        (None, "hongjun.W002"),  # unset: the development default
        ("http://localhost:8000", "hongjun.W002"),
        ("http://portal.example.cn", "hongjun.W003"),
        ("portal.example.cn", "hongjun.W001"),
    ],
)
def test_check_deploy_warns_while_site_url_is_not_the_public_address(site_url, warning):
    result = check_deploy(SITE_URL=site_url)
    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def test_check_deploy_warns_without_a_field_encryption_key():
    result = check_deploy(FIELD_ENCRYPTION_KEYS=None)
    assert result.returncode != 0
    assert "hongjun.W004" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env["DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_defaults_are_chinese_and_shanghai():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_server_error_page_is_styled_and_has_no_traceback(client, alice):
    client.raise_request_exception = False
    client.force_login(alice.user)
    with override_settings(ROOT_URLCONF="tests.hongjun.boom_urls"):
        response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "系统出错了" in body
    assert "secret internals" not in body
    assert "Traceback" not in body


def test_health_check(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_security_headers_on_pages(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_forgetting_debug_off_is_flagged_by_check_deploy():
    """DEBUG defaults to on for development; a production check catches it left on."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(SECRET_KEY="x" * 60 + "production-secret-key-for-check")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr
