"""Database-level guard of the append-only audit trail.

The ORM already refuses to change or delete audit events; these triggers make
the database refuse it too, whatever client connects. UPDATE is refused on
both backends. DELETE is refused on PostgreSQL; on SQLite (the embedded demo
and test database) it is not, because Django's test flush empties tables
with DELETE there (PostgreSQL uses TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

TABLE = "core_auditevent"

POSTGRES_FORWARD = f"""
CREATE FUNCTION suivi_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION suivi_audit_append_only();
CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION suivi_audit_append_only();
"""
POSTGRES_REVERSE = f"""
DROP TRIGGER {TABLE}_no_update ON {TABLE};
DROP TRIGGER {TABLE}_no_delete ON {TABLE};
DROP FUNCTION suivi_audit_append_only();
"""
SQLITE_FORWARD = f"""
CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""
SQLITE_REVERSE = f"DROP TRIGGER {TABLE}_no_update;"


def forward(apps, schema_editor):
    sql = {"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def reverse(apps, schema_editor):
    sql = {"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
