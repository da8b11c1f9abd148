"""Indicators computed from journey events: a declarative `spec` (spec.py),
evaluated over the records (engine.py)."""
