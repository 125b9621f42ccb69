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

# The edges of `hongjun.dates` and far beyond: drawn half the time, so every form and
# filter meets them (0001-01-01 00:00 in Shanghai is before year 1 in UTC; 9999-12-31
# overflowed on the day after).
EXTREME_DATES = [
    "0001-01-01",
    "0001-01",
    "1921-06-30",
    "1921-07-01",
    "1900-01-01",
    "2999-12-31",
    "9999-12-31",
    "9999-12",
    "10000-01-01",
]
EXTREME_DATETIMES = [
    "0001-01-01T00:00",
    "0001-01-01 00:00",
    "1921-06-30T23:59",
    "9999-12-31T23:59",
    "9999-12-31 23:59:59",
]
# A formset's management form, forged: negative, huge, not a number.
FORM_COUNTS = ["-5", "-1", "0", "1001", "5001", "100000", "-100000", "9" * 30, "1e3", ""]

# Very long text, built lazily so that a failing example's report stays readable.
long_text = st.sampled_from(["x", "长", "<b>", "\u202e"]).map(lambda unit: unit * 10_000)
text = st.one_of(st.sampled_from(HOSTILE_TEXT), long_text, st.text(max_size=40))
dates = st.one_of(st.sampled_from(EXTREME_DATES), st.sampled_from(ODD_DATES))
datetimes = st.one_of(
    st.sampled_from(EXTREME_DATETIMES + EXTREME_DATES), st.sampled_from(ODD_DATETIMES)
)
form_counts = st.sampled_from(FORM_COUNTS)
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


def assert_dates_in_range(models):
    """No row of `models` holds a date or time outside `hongjun.dates`' bounds."""
    from django.db import models as m
    from django.db.models import Q

    from hongjun import dates

    for label in models:
        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            if isinstance(field, m.DateTimeField):
                out = Q(**{f"{field.name}__date__lt": dates.EARLIEST}) | Q(
                    **{f"{field.name}__date__gt": dates.latest()}
                )
            elif isinstance(field, m.DateField):
                out = Q(**{f"{field.name}__lt": dates.EARLIEST}) | Q(
                    **{f"{field.name}__gt": dates.latest()}
                )
            else:
                continue
            bad = list(model.objects.filter(out).values_list(field.name, flat=True)[:3])
            assert not bad, f"{label}.{field.name} saved out of range: {bad}"


def check_response(client, response, before, models, creates=None):
    """What holds for any input: below 500, escaped, and either saved whole or not at all.

    A form shown again (not a redirect) saved nothing; a redirect after a create saved
    exactly one `creates` row; the page redirected to shows the saved text escaped; no
    date out of `hongjun.dates`' bounds was saved.
    """
    assert response.status_code < 500
    assert_escaped(response)
    assert_dates_in_range(models)
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
