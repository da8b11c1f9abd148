"""Writes of the indicators app, one module per concern:

- `definitions`: indicators, their versions and targets, disaggregation lists;
- `measurements`: entering values and the review workflow, evidence;
- `periods`: reporting periods and their locking.
"""
