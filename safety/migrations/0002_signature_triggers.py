"""Defence in depth on PostgreSQL: the database itself refuses to change a signature.

A trigger refuses UPDATE and DELETE on pledge signatures, and a second one refuses any
change to the text of a published pledge version. TRUNCATE is left alone so that `flush`
(the test suite, a development reset) still works; the chain and the head noted outside
the database catch that, and whatever a superuser does around these triggers.
Other databases (the SQLite demo) rely on the model and the chain alone.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION safety_refuse_signature_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'pledge signatures are never changed or removed (% refused)', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_pledgesignature_immutable
    BEFORE UPDATE OR DELETE ON safety_pledgesignature
    FOR EACH ROW EXECUTE FUNCTION safety_refuse_signature_change();

CREATE OR REPLACE FUNCTION safety_refuse_published_version_change() RETURNS trigger AS $$
BEGIN
    IF OLD.published_at IS NOT NULL AND (
        NEW.text IS DISTINCT FROM OLD.text
        OR NEW.title IS DISTINCT FROM OLD.title
        OR NEW.year IS DISTINCT FROM OLD.year
        OR NEW.published_at IS DISTINCT FROM OLD.published_at
    ) THEN
        RAISE EXCEPTION 'a published pledge version is never edited'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' AND OLD.published_at IS NOT NULL THEN
        RAISE EXCEPTION 'a published pledge version is never removed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_pledgeversion_published_fixed
    BEFORE UPDATE OR DELETE ON safety_pledgeversion
    FOR EACH ROW EXECUTE FUNCTION safety_refuse_published_version_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS safety_pledgeversion_published_fixed ON safety_pledgeversion;
DROP FUNCTION IF EXISTS safety_refuse_published_version_change();
DROP TRIGGER IF EXISTS safety_pledgesignature_immutable ON safety_pledgesignature;
DROP FUNCTION IF EXISTS safety_refuse_signature_change();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("safety", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
