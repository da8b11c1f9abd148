"""Partner spreadsheets of persons and services (xlsx or csv).

Each row goes through the same services as the pages (so the same checks);
all rows are tried, every refusal is reported with its row, column and
reason, and if any row is refused nothing is kept. Re-importing a file is
harmless: the partner's own record ids identify rows already imported.
"""
