"""Reads of the indicators app, scoped to the acting user:

- `progress`: the progress table (base, previous year, reporting year, year
  target, final target) and the yearly value rules;
- `sheets`: indicators, their history, values and the review queue.
"""
