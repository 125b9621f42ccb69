"""Witnesses of the append-only records, kept outside their tables, and the checks.

Triggers refuse UPDATE, DELETE and TRUNCATE on the audit log and the pledge chain, but a
superuser can switch triggers off (`session_replication_role = replica`) and empty a
table, and a table emptied leaves nothing inside it to notice. So once a day
(`hongjun.tasks.witness_heads`, beat) each append-only record's head is written down
where that superuser does not reach as easily: one line per head appended to
`WITNESS_DIR/witness.jsonl` (a directory on another host's share or backed up apart from
the database), and an audit entry (`integrity.witnessed`) that the committee reads.
`manage.py verify_audit` and `verify_pledges` compare the tables with the latest witness:
a record cut at the end or emptied since is named.

Heads: the audit log's is its count, last id and a SHA-256 over the entries up to that
id; the pledge chain's (registered by `safety`) its length and last digest.
"""

import datetime
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from .models import AuditEntry

WITNESS_FILE = "witness.jsonl"
WITNESS_ACTION = "integrity.witnessed"

LABELS = {
    "audit": pgettext_lazy("witness", "audit log"),
    "pledges": pgettext_lazy("witness", "pledge chain head"),
}

# kind → function returning the head as a JSON-able dict; `safety` adds "pledges".
_HEADS = {}


def register_head(kind, head):
    _HEADS[kind] = head


def _entry_bytes(row):
    """One entry as hashed: the fields the trigger never lets change (actor and record
    type may become NULL when the user or the model is deleted, so they stay out)."""
    pk, at, action, object_id, object_repr, changes, ip_address = row
    return (
        json.dumps(
            [
                pk,
                at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
                action,
                object_id,
                object_repr,
                changes,
                ip_address or "",
            ],
            ensure_ascii=False,
            sort_keys=True,
            separators=(",", ":"),
        ).encode()
        + b"\n"
    )


def audit_head(upto_id=None):
    """The audit log's head: {count, last_id, digest} over the entries with id ≤ upto_id.

    Reads the whole log in id order (streamed): a daily task's and a command's cost.
    """
    entries = AuditEntry.objects.order_by("id")
    if upto_id is not None:
        entries = entries.filter(id__lte=upto_id)
    digest, count, last_id = hashlib.sha256(), 0, 0
    rows = entries.values_list(
        "id", "at", "action", "object_id", "object_repr", "changes", "ip_address"
    )
    for row in rows.iterator(chunk_size=5000):
        digest.update(_entry_bytes(row))
        count, last_id = count + 1, row[0]
    return {"count": count, "last_id": last_id, "digest": digest.hexdigest()}


register_head("audit", audit_head)


def _witness_path():
    directory = settings.WITNESS_DIR
    return Path(directory) / WITNESS_FILE if directory else None


def witness_heads(by=None):
    """Write every registered head to the witness file and to the audit log; returns them.

    The heads are read first, then written: the audit entry recording them is the first
    entry after the audit head it names.
    """
    now = timezone.now()
    heads = {kind: head() for kind, head in _HEADS.items()}
    path = _witness_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            for kind, head in heads.items():
                line = {"kind": kind, "at": now.isoformat(), **head}
                out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()
    with transaction.atomic():
        for kind, head in heads.items():
            # About a whole table, not a row: no record type, the kind as the record id.
            AuditEntry.objects.create(
                actor=by if by is not None and by.is_authenticated else None,
                action=WITNESS_ACTION,
                object_id=kind,
                object_repr=str(LABELS.get(kind, kind)),
                changes={"kind": kind, **head},
            )
    return heads


def witnesses(kind):
    """Every witness of `kind`, from the file and from the audit log, oldest first."""
    found = []
    path = _witness_path()
    if path is not None and path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict) and data.get("kind") == kind:
                found.append({**data, "source": str(path)})
    entries = AuditEntry.objects.filter(action=WITNESS_ACTION, changes__kind=kind)
    for entry in entries.order_by("id"):
        found.append({**entry.changes, "at": entry.at.isoformat(), "source": "audit log"})
    return found


def latest_witness(kind, key):
    """The witness that saw the most (largest `key`): whichever source still has it."""
    seen = witnesses(kind)
    return max(seen, key=lambda w: (w.get(key) or 0, w.get("at", ""))) if seen else None


def check_audit(witness):
    """What is wrong with the audit log against `witness` (a list of messages)."""
    problems = []
    if witness is None:
        return problems
    now = audit_head(upto_id=witness["last_id"])
    newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    when = witness.get("at", "?")
    if newest < witness["last_id"]:
        problems.append(
            f"the log ends at #{newest} ({now['count']} entries) but on {when} it had reached "
            f"#{witness['last_id']} ({witness['count']} entries): entries were removed from "
            "the end or the log was emptied"
        )
    elif now["count"] < witness["count"]:
        problems.append(
            f"{witness['count'] - now['count']} of the {witness['count']} entries up to "
            f"#{witness['last_id']} witnessed on {when} were removed"
        )
    elif now["count"] != witness["count"] or now["digest"] != witness["digest"]:
        problems.append(
            f"the entries up to #{witness['last_id']} are not those witnessed on {when}: "
            "entries were changed or inserted"
        )
    return problems
