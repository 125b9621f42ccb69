"""The signature chain: the one canonical form of a signature, its digest, and the checks.

Signing (`services.sign_pledge`), the public verification page and `manage.py
verify_pledges` all compute digests here, so there is exactly one definition of what a
signature's digest covers. The digest is plain SHA-256 without a secret: anyone holding
the rows can recompute it, and a rewrite of the whole chain is caught by comparing the
head with one noted down outside the database (`verify_pledges --since-head`).
"""

import datetime
import hashlib
import ipaddress
import json
import secrets
from dataclasses import dataclass, field

from ..models import GENESIS_DIGEST, PledgeSignature

# No 0/O, 1/I/L: a code read aloud or typed from paper is not misread.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw):
    """The stored form of a code as a person may type it (lower case, dashes, spaces)."""
    code = "".join(ch for ch in (raw or "").upper() if ch.isalnum())
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def normalize_ip(raw):
    """The address as PostgreSQL's inet gives it back, so the digest survives a round trip."""
    if not raw:
        return None
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return f"::ffff:{address.ipv4_mapped}"
    return str(address)


def text_digest(version):
    """SHA-256 of the pledge as the member read it: year, title and text."""
    payload = json.dumps(
        {"year": version.year, "title": version.title, "text": version.text},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def canonical(
    *,
    seq,
    version_id,
    text_digest,
    member_id,
    typed_name,
    signed_at,
    ip_address,
    user_agent,
    code,
    prev_digest,
):
    """The bytes a signature's digest is computed over. Change it and every digest changes."""
    return json.dumps(
        {
            "seq": seq,
            "version": version_id,
            "text_digest": text_digest,
            "member": member_id,
            "typed_name": typed_name,
            "signed_at": signed_at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "ip": ip_address or "",
            "user_agent": user_agent or "",
            "code": code,
            "prev": prev_digest,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode()


def digest_of(signature):
    """Recompute the digest of a signature (a model instance or anything with its fields)."""
    return hashlib.sha256(
        canonical(
            seq=signature.seq,
            version_id=signature.version_id,
            text_digest=signature.text_digest,
            member_id=signature.member_id,
            typed_name=signature.typed_name,
            signed_at=signature.signed_at,
            ip_address=signature.ip_address,
            user_agent=signature.user_agent,
            code=signature.code,
            prev_digest=signature.prev_digest,
        )
    ).hexdigest()


@dataclass
class Report:
    """What `verify` found: problems by kind, the head, and where an earlier head sits."""

    count: int = 0
    head_seq: int = 0
    head_digest: str = GENESIS_DIGEST
    problems: list = field(default_factory=list)
    since_head_seq: int | None = None

    @property
    def ok(self):
        return not self.problems


def current_head():
    """The chain's head as the witness notes it: {count, head} of the last signature (one
    query)."""
    last = PledgeSignature.objects.order_by("-seq").values_list("seq", "digest").first()
    count, head = last or (0, GENESIS_DIGEST)
    return {"count": count, "head": head}


def verify(signatures, version_texts, chain_row=None, since_head=None, witness=None):
    """Walk the signatures in `seq` order and name every record changed or removed.

    `signatures` yields PledgeSignature rows ordered by seq; `version_texts` maps version
    id → the current `text_digest` of that version; `chain_row` is the stored PledgeChain
    head (or None); `since_head` a head digest noted down earlier; `witness` the latest
    head written down outside the table ({count, head, at}: `hongjun.integrity`).
    """
    report = Report()
    witnessed_digest = None
    expected_seq, prev = 1, GENESIS_DIGEST
    seen_since = since_head is None
    altered_texts = {}
    for sig in signatures:
        report.count += 1
        label = f"#{sig.seq} (id {sig.pk})"
        if sig.seq > expected_seq:
            missing = (
                f"#{expected_seq}"
                if sig.seq == expected_seq + 1
                else f"#{expected_seq}–#{sig.seq - 1}"
            )
            report.problems.append(("removed", expected_seq, f"{missing} removed before {label}"))
        if digest_of(sig) != sig.digest:
            report.problems.append(("changed", sig.seq, f"{label} changed: digest does not match"))
        elif sig.prev_digest != prev and sig.seq == expected_seq:
            report.problems.append(
                ("changed", sig.seq - 1, f"#{sig.seq - 1} rewritten: {label} links elsewhere")
            )
        current_text = version_texts.get(sig.version_id)
        if current_text != sig.text_digest:
            altered_texts.setdefault(sig.version_id, []).append(sig.seq)
        if not seen_since and sig.digest == since_head:
            seen_since = True
            report.since_head_seq = sig.seq
        if witness is not None and sig.seq == witness["count"]:
            witnessed_digest = sig.digest
        expected_seq, prev = sig.seq + 1, sig.digest
        report.head_seq, report.head_digest = sig.seq, sig.digest
    for version_id, seqs in altered_texts.items():
        report.problems.append(
            (
                "text",
                version_id,
                f"version {version_id}: its text is no longer the text signed "
                f"({len(seqs)} signatures, #{seqs[0]}…#{seqs[-1]})",
            )
        )
    if chain_row is not None and (
        chain_row.length != report.head_seq or chain_row.head_digest != report.head_digest
    ):
        report.problems.append(
            (
                "removed",
                chain_row.length,
                f"the chain head says #{chain_row.length} {chain_row.head_digest}, "
                f"the table ends at #{report.head_seq} {report.head_digest}",
            )
        )
    if witness is not None and witness["count"] > report.head_seq:
        report.problems.append(
            (
                "removed",
                report.head_seq + 1,
                f"on {witness.get('at', '?')} the chain had reached #{witness['count']} "
                f"{witness['head']}, the table now ends at #{report.head_seq}: signatures "
                "were removed from the end or the table emptied",
            )
        )
    elif witness is not None and witness["count"] and witnessed_digest != witness["head"]:
        report.problems.append(
            (
                "changed",
                witness["count"],
                f"#{witness['count']} is not the {witness['head']} witnessed on "
                f"{witness.get('at', '?')}: the chain up to there was rewritten",
            )
        )
    if not seen_since:
        report.problems.append(
            (
                "removed",
                None,
                f"the earlier head {since_head} is no longer in the chain: "
                "signatures were removed from the end or rewritten",
            )
        )
    return report


def check_one(signature, before, after):
    """Is one signature intact? `before`/`after` are its neighbours in the chain (or None).

    Returns the list of what is wrong (empty when intact): the record itself changed, its
    text no longer the version's, or a neighbour that should be there missing or not
    linking to it.
    """
    wrong = []
    if digest_of(signature) != signature.digest:
        wrong.append("changed")
    if text_digest(signature.version) != signature.text_digest:
        wrong.append("text")
    if signature.seq == 1:
        if signature.prev_digest != GENESIS_DIGEST:
            wrong.append("previous")
    elif before is None or before.digest != signature.prev_digest:
        wrong.append("previous")
    if after is not None and after.prev_digest != signature.digest:
        wrong.append("next")
    return wrong
