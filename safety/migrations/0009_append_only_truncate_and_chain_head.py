"""Append-only for real on PostgreSQL: TRUNCATE refused, and the chain head guarded.

0002's row triggers never fire on TRUNCATE, so a statement trigger now refuses TRUNCATE of
signatures, pledge versions and the chain head. The head row (`PledgeChain`) is written
only by signing (one link at a time) and the company generator (the whole chain at once):
it may only be created once (id 1), only move forward, and must always name the last
signature in the table (or the genesis digest for an empty chain); it is never removed.
A superuser can still switch triggers off (`session_replication_role = replica`): the
witness of the head kept outside the table (`hongjun.integrity`, `verify_pledges`)
catches that. A development reset drops the database; the test suite truncates between
transactional tests with triggers off, as such a superuser would (tests/conftest.py).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION safety_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: TRUNCATE refused', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_pledgesignature_no_truncate
    BEFORE TRUNCATE ON safety_pledgesignature
    FOR EACH STATEMENT EXECUTE FUNCTION safety_refuse_truncate();
CREATE TRIGGER safety_pledgeversion_no_truncate
    BEFORE TRUNCATE ON safety_pledgeversion
    FOR EACH STATEMENT EXECUTE FUNCTION safety_refuse_truncate();
CREATE TRIGGER safety_pledgechain_no_truncate
    BEFORE TRUNCATE ON safety_pledgechain
    FOR EACH STATEMENT EXECUTE FUNCTION safety_refuse_truncate();

CREATE OR REPLACE FUNCTION safety_check_chain_head() RETURNS trigger AS $$
DECLARE
    last_digest text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'the pledge chain head is never removed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.id <> 1 OR (TG_OP = 'UPDATE' AND (NEW.id <> OLD.id OR NEW.length < OLD.length)) THEN
        RAISE EXCEPTION 'the pledge chain head is one row and only moves forward'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.length = 0 THEN
        last_digest := repeat('0', 64);
    ELSE
        SELECT digest INTO last_digest FROM safety_pledgesignature WHERE seq = NEW.length;
    END IF;
    IF last_digest IS DISTINCT FROM NEW.head_digest
        OR EXISTS (SELECT 1 FROM safety_pledgesignature WHERE seq > NEW.length)
    THEN
        RAISE EXCEPTION 'the pledge chain head must name the last signature'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER safety_pledgechain_forward_only
    BEFORE INSERT OR UPDATE OR DELETE ON safety_pledgechain
    FOR EACH ROW EXECUTE FUNCTION safety_check_chain_head();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS safety_pledgechain_forward_only ON safety_pledgechain;
DROP FUNCTION IF EXISTS safety_check_chain_head();
DROP TRIGGER IF EXISTS safety_pledgechain_no_truncate ON safety_pledgechain;
DROP TRIGGER IF EXISTS safety_pledgeversion_no_truncate ON safety_pledgeversion;
DROP TRIGGER IF EXISTS safety_pledgesignature_no_truncate ON safety_pledgesignature;
DROP FUNCTION IF EXISTS safety_refuse_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("safety", "0008_study_tally_scores")]

    operations = [migrations.RunPython(forward, backward)]
