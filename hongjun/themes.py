"""The 党建+X themes that every project and activity is tagged with."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.TextChoices):
    SAFETY = "safety", _("Party building + safe production")
    GREEN = "green", _("Party building + green development")
    INNOVATION = "innovation", _("Party building + technological innovation")
    TALENT = "talent", _("Party building + talent development")
