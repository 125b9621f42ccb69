"""The committee's dashboard: which branch is behind on what, for a month, quarter or year."""
