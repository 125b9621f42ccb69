"""What the charts draw, as plain data for `json_script`: labels, series and the link of
every bar, taken from the tables so that a chart never says what its table does not."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .score import INDICATORS


def _series(table, column):
    return {
        "labels": [row[0].text for row in table.rows],
        "data": [row[column].value for row in table.rows],
        "links": [row[column].url for row in table.rows],
    }


def build(tables, scores, weight_of, green):
    kinds = _series(tables["kinds"], 1)
    themes = _series(tables["themes"], 1)
    compliance = _series(tables["branches"], 1)
    branch_links = [row[1].url for row in tables["ranking"].rows]  # the scores' order
    ranking = {
        "labels": [s.branch.name for s in scores],
        "datasets": [
            {
                "label": str(i.label),
                "data": [s.weighted[i.code] for s in scores],
                "links": branch_links,
            }
            for i in INDICATORS
            if weight_of[i.code]
        ],
    }
    initiatives = tables["initiatives"]
    statuses = initiatives.headers[1:-1]
    init = {
        "labels": [row[0].text for row in initiatives.rows],
        "datasets": [
            {
                "label": status,
                "data": [row[i + 1].value for row in initiatives.rows],
                "links": [row[i + 1].url for row in initiatives.rows],
            }
            for i, status in enumerate(statuses)
        ],
    }
    hazards = tables["hazards"]
    hazard_chart = {
        "labels": [row[0].text for row in hazards.rows],
        "datasets": [
            {
                "label": hazards.headers[col],
                "data": [row[col].value for row in hazards.rows],
                "links": [row[col].url for row in hazards.rows],
            }
            for col in (1, 2)
        ],
    }
    study = _series(tables["study"], 3)
    latest = green.latest
    return {
        "kinds": {
            "type": "bar",
            "horizontal": True,
            "title": pgettext("dashboard", "Held"),
            **kinds,
        },
        "themes": {"type": "doughnut", **themes},
        "compliance": {
            "type": "bar",
            "horizontal": True,
            "title": _("Required meetings held (%)"),
            "max": 100,
            **compliance,
        },
        "ranking": {"type": "stacked", "horizontal": True, "max": 100, **ranking},
        "initiatives": {"type": "stacked", **init},
        "hazards": {"type": "grouped", **hazard_chart},
        "study": {"type": "bar", "title": _("Participation (%)"), "max": 100, **study},
        "green": {
            "type": "line",
            "labels": [f"{m:%Y-%m}" for m, _share in green.trend],
            "data": [share for _m, share in green.trend],
            "target": green.target,
            "title": _("Green-power share (%)"),
            "target_label": _("Target"),
        },
        "gauge": {
            "type": "gauge",
            "value": latest[1] if latest else None,
            "target": green.target,
            "labels": [_("Green power"), _("Other")],
        },
    }
