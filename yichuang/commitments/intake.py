"""告知承诺 at intake: what the case services call. This module imports nothing from `cases`
at load time (cases imports it), and records with one call after the case's rows are written.

The commitment's text is fixed when it is signed: the applicant, the item, the case and the
material it replaces. Its SHA-256 is stored beside it, so a printed and signed copy (window) or
the text the applicant confirmed under their real-name login (online) can be matched later."""

from __future__ import annotations

import hashlib

from django.utils import timezone

from yichuang.common.errors import Problem
from yichuang.ledger import services as ledger
from yichuang.org.calendar import add_working_days

from .models import Commitment, PostCheck

# 事后核查 within twenty working days of intake: the county's rule for 告知承诺 items (seed
# policies name no shorter limit); the department's queue sorts by it and shows the overdue.
POST_CHECK_WORKING_DAYS = 20


def commitment_problem(material, committed: bool) -> Problem | None:
    """A commitment only where the catalogue says the material may be replaced by one."""
    if committed and not material.commitment_allowed:
        return Problem(
            "commitment_not_allowed",
            f"“{material.name}”不可用告知承诺替代,请收取材料。",
            f"materials.{material.pk}",
        )
    return None


def commitment_text(case, material) -> str:
    applicant, version = case.applicant, case.item_version
    return (
        f"告知承诺书\n"
        f"承诺人:{applicant.name}(证件号码:{applicant.masked_number})\n"
        f"申请事项:{version.name}(事项编码:{case.item.basic_code};办件编号:{case.number})\n"
        f"承诺替代的材料:{material.name}\n"
        f"本人(本单位)已知晓行政机关告知的办理条件和材料要求,现承诺:本人(本单位)符合上述条件,"
        f"“{material.name}”所证明的事项真实、准确;愿意接受行政机关的事后核查。"
        f"如承诺不实,愿意承担撤销准予决定、记入失信记录等法律责任。"
    )


def record(case, materials, *, signer: str, witness=None, channel: str = Commitment.Channel.WINDOW) -> list:
    """One commitment and its post-check per material, in the caller's transaction (intake's)."""
    if not materials:
        return []
    now, version = timezone.now(), case.item_version
    due = add_working_days(case.home_site, timezone.localdate(now), POST_CHECK_WORKING_DAYS)
    made = []
    for material in materials:
        text = commitment_text(case, material)
        commitment = Commitment.objects.create(
            case=case,
            material=material,
            applicant=case.applicant,
            text=text,
            text_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            channel=channel,
            signed_by=signer,
            witnessed_by=witness,
            signed_at=now,
        )
        PostCheck.objects.create(commitment=commitment, site=case.home_site, department=version.department, due_on=due)
        ledger.record(
            case.audit_stream,
            "commitment.signed",
            actor=getattr(witness, "username", signer if channel == Commitment.Channel.ONLINE else "system"),
            object_type="commitments.Commitment",
            object_id=str(commitment.pk),
            data={"material": material.pk, "channel": channel, "sha256": commitment.text_sha256},
        )
        made.append(commitment)
    return made
