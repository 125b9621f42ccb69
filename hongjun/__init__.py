"""The 红领·铝航 party-building portal: project package and what every app shares."""

from .celery import app as celery_app

__all__ = ("celery_app",)
