"""Display helpers for the safety pages."""

from django import template

from safety import hazard_html, study_html

register = template.Library()


@register.filter
def masked_name(name):
    """The surname and a star per further character: 李爱丽 → 李**, for public pages."""
    name = (name or "").strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


@register.simple_tag
def hazard_severity(hazard):
    return hazard_html.severity_badge(hazard)


@register.simple_tag
def hazard_status(hazard):
    return hazard_html.status_badges(hazard)


@register.simple_tag
def hazard_rows(hazards, empty_text):
    return hazard_html.table_rows(hazards, empty_text)


@register.simple_tag
def hazard_cards(hazards, empty_text):
    return hazard_html.cards(hazards, empty_text)


@register.simple_tag
def study_participation_rows(branches):
    return study_html.participation_rows(branches)
