"""Verifying the ledger: recompute every hash and name the first record that does not fit.

One pass over the records in (stream, seq) order and one over the checkpoints: the anchors of
all checkpoints are gathered first, then ticked off as the records stream past, so the work is
linear in records and anchors, whatever the number of checkpoints (decision 0070)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AuditCheckpoint, AuditRecord, ChainHead
from .services import GENESIS, checkpoint_digest, hash_of

_FIELDS = ("pk", "stream", "seq", "created_at", "actor", "action", "object_type", "object_id", "data", "prev_hash")
CHUNK = 5000


@dataclass(frozen=True)
class Break:
    where: str
    reason: str


def verify_audit() -> Break | None:
    mismatched: list[tuple[int, str, int]] = []  # (checkpoint id, stream, seq) anchored to another hash
    anchors, checkpoint_break = _checkpoint_anchors(mismatched)
    heads = {stream: (seq, last) for stream, seq, last in ChainHead.objects.values_list("stream", "seq", "last_hash")}
    stream, expected_seq, prev = None, 0, GENESIS
    rows = AuditRecord.objects.order_by("stream", "seq").values_list(*_FIELDS, "hash").iterator(chunk_size=CHUNK)
    for pk, rec_stream, seq, *fields, prev_hash, rec_hash in rows:
        if rec_stream != stream:
            if stream is not None and (found := _check_head(stream, heads.get(stream), expected_seq, prev)):
                return found
            stream, expected_seq, prev = rec_stream, 0, GENESIS
        expected_seq += 1
        label = f"审计记录 id={pk}({stream} 第{seq}条,{fields[1]})"
        if seq != expected_seq:
            return Break(label, f"序号不连续:应为第{expected_seq}条,之前的记录缺失。")
        if prev_hash != prev:
            return Break(label, "前一哈希与上一条记录不符:上一条记录被改动或删除。")
        if hash_of(stream, seq, *fields, prev_hash) != rec_hash:
            return Break(label, "内容与哈希不符:该记录被改动。")
        anchored = anchors.pop((stream, seq), None)
        if anchored is not None and anchored[0] != rec_hash:
            mismatched.append((anchored[1], stream, seq))
        prev = rec_hash
    if stream is not None and (found := _check_head(stream, heads.get(stream), expected_seq, prev)):
        return found
    # Anchors no record answered, or answered with another hash: the earliest checkpoint is named
    # (all of them come before an altered checkpoint, whose anchors were not taken).
    mismatched.extend((cp_id, s, seq) for (s, seq), (_, cp_id) in anchors.items())
    if mismatched:
        cp_id, s, seq = min(mismatched)
        return Break(f"审计检查点 id={cp_id}", f"检查点锚定的 {s} 第{seq}条记录已不存在或被改动。")
    return checkpoint_break


def _check_head(stream: str, head: tuple | None, seq: int, last_hash: str) -> Break | None:
    if head and head != (seq, last_hash):
        return Break(f"链 {stream}", f"链头记录到第{head[0]}条,实际只有{seq}条:末尾记录被删除或改动。")
    return None


def _checkpoint_anchors(mismatched: list) -> tuple[dict, Break | None]:
    """{(stream, seq): (hash, checkpoint id)} of every checkpoint up to the first altered one,
    and the Break naming that one (None when the chain of checkpoints is whole). Where two
    checkpoints anchor one record to different hashes, the earlier goes to `mismatched`."""
    anchors: dict[tuple[str, int], tuple[str, int]] = {}
    prev = GENESIS
    rows = AuditCheckpoint.objects.order_by("id").values_list("pk", "created_at", "heads", "prev_digest", "digest")
    for pk, created_at, heads, prev_digest, digest in rows.iterator(chunk_size=1):
        if prev_digest != prev or checkpoint_digest(heads, prev_digest, created_at) != digest:
            return anchors, Break(f"审计检查点 id={pk}", "检查点被改动。")
        for stream, (seq, anchored_hash) in heads.items():
            known = anchors.setdefault((stream, seq), (anchored_hash, pk))
            if known[0] != anchored_hash:  # the record was rewritten between two full checkpoints
                mismatched.append((known[1], stream, seq))
        prev = digest
    return anchors, None
