"""The demo's dashboard settings: 18 months of green-power share rising toward the 40 %
target, and the default score weights."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from hongjun.models import GreenPowerShare, ScoreWeight

from .score import INDICATORS

MONTHS = 18
# From about a quarter of the power in electrolysis up to just under the target: the new
# wind and solar farms came on line step by step. A small wobble for the seasons.
START, END = Decimal("24.5"), Decimal("39.2")
WOBBLE = [Decimal(x) for x in ("0.0", "0.6", "-0.4", "0.9", "-0.7", "0.3")]


def seed(ctx):
    committee = get_user_model().objects.filter(username="committee").first()
    last = ctx.today.replace(day=1)
    for n in range(MONTHS):
        index = last.year * 12 + last.month - 1 - (MONTHS - 1 - n)
        month = datetime.date(index // 12, index % 12 + 1, 1)
        share = START + (END - START) * n / (MONTHS - 1) + WOBBLE[n % len(WOBBLE)]
        GreenPowerShare.objects.get_or_create(
            month=month,
            defaults={"percent": share.quantize(Decimal("0.1")), "entered_by": committee},
        )
    if not ScoreWeight.objects.exists():
        ScoreWeight.objects.bulk_create(
            ScoreWeight(indicator=i.code, weight=i.default_weight) for i in INDICATORS
        )
