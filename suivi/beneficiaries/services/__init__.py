"""Writes of the beneficiaries app:

- `reference`: centres, trades, event types (configuration);
- `persons`: registration and consents;
- `events`: services given (journey events);
- `computation`: indicators computed from the records.
"""
