"""Verifying the ledger: recompute every hash and name the first record that does not fit."""

from __future__ import annotations

from dataclasses import dataclass

from .models import AuditCheckpoint, AuditRecord, ChainHead
from .services import GENESIS, checkpoint_digest, record_hash


@dataclass(frozen=True)
class Break:
    where: str
    reason: str


def verify_audit() -> Break | None:
    heads = {h.stream: h for h in ChainHead.objects.all()}
    stream, expected_seq, prev = None, 0, GENESIS
    for rec in AuditRecord.objects.order_by("stream", "seq").iterator(chunk_size=2000):
        if rec.stream != stream:
            if stream is not None and (found := _check_head(heads.get(stream), expected_seq, prev)):
                return found
            stream, expected_seq, prev = rec.stream, 0, GENESIS
        expected_seq += 1
        label = f"审计记录 id={rec.pk}({rec.stream} 第{rec.seq}条,{rec.action})"
        if rec.seq != expected_seq:
            return Break(label, f"序号不连续:应为第{expected_seq}条,之前的记录缺失。")
        if rec.prev_hash != prev:
            return Break(label, "前一哈希与上一条记录不符:上一条记录被改动或删除。")
        if record_hash(rec) != rec.hash:
            return Break(label, "内容与哈希不符:该记录被改动。")
        prev = rec.hash
    if stream is not None and (found := _check_head(heads.get(stream), expected_seq, prev)):
        return found
    return _verify_checkpoints()


def _check_head(head: ChainHead | None, seq: int, last_hash: str) -> Break | None:
    if head and (head.seq, head.last_hash) != (seq, last_hash):
        return Break(f"链 {head.stream}", f"链头记录到第{head.seq}条,实际只有{seq}条:末尾记录被删除或改动。")
    return None


def _verify_checkpoints() -> Break | None:
    prev = GENESIS
    for cp in AuditCheckpoint.objects.order_by("id").iterator():
        label = f"审计检查点 id={cp.pk}"
        if cp.prev_digest != prev or checkpoint_digest(cp.heads, cp.prev_digest, cp.created_at) != cp.digest:
            return Break(label, "检查点被改动。")
        for stream, (seq, digest) in cp.heads.items():
            if not AuditRecord.objects.filter(stream=stream, seq=seq, hash=digest).exists():
                return Break(label, f"检查点锚定的 {stream} 第{seq}条记录已不存在或被改动。")
        prev = cp.digest
    return None
