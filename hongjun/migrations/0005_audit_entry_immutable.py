"""Defence in depth on PostgreSQL: the database itself refuses to edit or remove the audit log.

A trigger refuses DELETE on audit entries and any UPDATE, except the one Django makes when
the account or the record type an entry names is deleted (`on_delete=SET_NULL` sets
`actor_id` or `content_type_id` to NULL and changes nothing else). TRUNCATE is left alone
so that `flush` (the test suite, a development reset) still works. The demo seeder alone
may date entries it has just written back to the day of its made-up history: inside
`hongjun.audit.backdating()`, which sets `hongjun.audit_backdating` for its transaction,
`at` may change and nothing else. Other databases (the SQLite demo) rely on the read-only
admin and on no code path editing entries.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION hongjun_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
        AND NEW.id = OLD.id
        AND (NEW.at = OLD.at
             OR current_setting('hongjun.audit_backdating', true) = 'on')
        AND NEW.ip_address IS NOT DISTINCT FROM OLD.ip_address
        AND NEW.action = OLD.action
        AND NEW.object_id = OLD.object_id
        AND NEW.object_repr = OLD.object_repr
        AND NEW.changes = OLD.changes
        AND (NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id OR NEW.actor_id IS NULL)
        AND (NEW.content_type_id IS NOT DISTINCT FROM OLD.content_type_id
             OR NEW.content_type_id IS NULL)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit log is never changed or removed (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER hongjun_auditentry_immutable
    BEFORE UPDATE OR DELETE ON hongjun_auditentry
    FOR EACH ROW EXECUTE FUNCTION hongjun_refuse_audit_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS hongjun_auditentry_immutable ON hongjun_auditentry;
DROP FUNCTION IF EXISTS hongjun_refuse_audit_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("hongjun", "0004_dashboard")]

    operations = [migrations.RunPython(forward, backward)]
