"""Hostile input for the fuzz tests, and the one check every form goes through.

Each form's test names the fields to attack and a valid payload to start from; hypothesis
replaces some of the fields with hostile values and `check_response` asserts what must hold
whatever the input: no 500, no partial save, nothing shown back unescaped.
"""

from contextlib import contextmanager

from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What must never appear in a page as it was typed: markup that would run.
RAW_MARKUP = [SCRIPT, "<img src=x onerror=alert(1)>"]

HOSTILE_TEXT = [
    SCRIPT,
    IMG,
    "'; DROP TABLE branches_member; --",
    "' OR '1'='1",
    "\x00",
    "name\x00with nul",
    "\x1b[31mred\x1b[0m",
    "\u202eevil\u202c",
    "\r\n\t",
    "مرحبا بالعالم",
    "👩‍👩‍👧‍👦🚀🔥",
    "Z\u0351\u0364\u0346a\u0310\u0308l\u0315go",
    "  ",
    "",
    "%00",
    "{{ 7*7 }}{% debug %}",
    "../../etc/passwd",
]

ODD_DATES = [
    "2026-02-30",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "-1",
    "",
    "2026-13-01",
    "２０２６-０１-０１",
    "2026-01-01T25:61",
    "1970-01-01",
    "2026-1",
    "2026-06",
]

ODD_NUMBERS = [
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1e309",
    "-0",
    "0",
    "-1",
    "99999999999999999999999999999999",
    "-99999999999999999999999999999999",
    "9223372036854775808",
    "１２３",
    "²",
    "1.5",
    "1,000",
    "0x10",
    "",
]

ODD_DATETIMES = [*ODD_DATES, "9999-12-31T23:59", "0001-01-01T00:00", "2026-02-30T10:00"]

# Very long text, built lazily so that a failing example's report stays readable.
long_text = st.sampled_from(["x", "长", "<b>", "\u202e"]).map(lambda unit: unit * 10_000)
text = st.one_of(st.sampled_from(HOSTILE_TEXT), long_text, st.text(max_size=40))
dates = st.sampled_from(ODD_DATES)
datetimes = st.sampled_from(ODD_DATETIMES)
numbers = st.sampled_from(ODD_NUMBERS)
anything = st.one_of(text, dates, numbers)
# A choice or a foreign key: any hostile value at all.
choice = anything

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


def hostile(valid, fields):
    """Payloads: `valid` with a non-empty subset of `fields` ({name: strategy}) replaced."""
    names = sorted(fields)
    return st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({n: fields[n] for n in chosen}).map(
            lambda bad: {**valid, **bad}
        )
    )


def counts(models):
    """Rows of each model ("app.Model"), to compare before and after a request."""
    return {label: apps.get_model(label).objects.count() for label in models}


def assert_escaped(response):
    body = response.content.decode("utf-8", errors="replace")
    for markup in RAW_MARKUP:
        assert markup not in body, f"unescaped {markup!r} in {response.request['PATH_INFO']}"


def check_response(client, response, before, models, creates=None):
    """What holds for any input: below 500, escaped, and either saved whole or not at all.

    A form shown again (not a redirect) saved nothing; a redirect after a create saved
    exactly one `creates` row; the page redirected to shows the saved text escaped.
    """
    assert response.status_code < 500
    assert_escaped(response)
    after = counts(models)
    if response.status_code == 302:
        if creates is not None:
            assert after[creates] == before[creates] + 1, (before, after)
        target = response.url
        if target.startswith("/") and not target.startswith("/accounts/login"):
            followed = client.get(target)
            assert followed.status_code < 500
            assert_escaped(followed)
    else:
        assert after == before, (before, after)
    return after


def submit(client, url, data, models, creates=None, method="post"):
    """POST (or GET) `data` to `url`, then `check_response`."""
    before = counts(models)
    send = client.post if method == "post" else client.get
    response = send(url, data)
    check_response(client, response, before, models, creates)
    return response


@contextmanager
def rolled_back():
    """One example's rows, undone afterwards so that the next example starts afresh."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
