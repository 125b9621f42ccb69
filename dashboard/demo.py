"""The demo's dashboard settings: 18 months of green-power share rising toward the 40 %
target, and the default score weights."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from dashboard.models import GreenPowerShare, ScoreWeight

from .score import INDICATORS

MONTHS = 18
# From about a quarter of the power in electrolysis up to just under the target: the new
# wind and solar farms came on line step by step. A small wobble for the seasons.
START, END = Decimal("24.5"), Decimal("39.2")
WOBBLE = [Decimal(x) for x in ("0.0", "0.6", "-0.4", "0.9", "-0.7", "0.3")]


def green_power_series(last, months, start=START, end=END):
    """(month, percent) for `months` months up to the month of `last`, rising from `start`
    to `end` with the seasons' wobble."""
    series = []
    for n in range(months):
        index = last.year * 12 + last.month - 1 - (months - 1 - n)
        month = datetime.date(index // 12, index % 12 + 1, 1)
        share = start + (end - start) * n / max(months - 1, 1) + WOBBLE[n % len(WOBBLE)]
        series.append((month, share.quantize(Decimal("0.1"))))
    return series


def default_weights():
    """The score's default weights, unless the committee has set its own."""
    if not ScoreWeight.objects.exists():
        ScoreWeight.objects.bulk_create(
            ScoreWeight(indicator=i.code, weight=i.default_weight) for i in INDICATORS
        )


def seed(ctx):
    committee = get_user_model().objects.filter(username="committee").first()
    for month, share in green_power_series(ctx.today, MONTHS):
        GreenPowerShare.objects.get_or_create(
            month=month, defaults={"percent": share, "entered_by": committee}
        )
    default_weights()
