"""The kernel's periodic task: the daily witness of the append-only records' heads."""

from celery import shared_task

from . import integrity


@shared_task(name="hongjun.tasks.witness_heads", acks_late=True)
def witness_heads():
    """Beat runs it daily (migration 0008); a second run the same day only adds a line."""
    return integrity.witness_heads()
