"""Tests of 隐患排查整改: the hazard pages, workflow, queries and reminders scope."""
