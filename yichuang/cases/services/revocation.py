"""撤销准予决定 (行政许可法第六十九条): a granted decision obtained by a false commitment
(告知承诺不实, R-13) is revoked. The step is a row of the table (steps.py); its guard asks the
commitments app whether a post-check (事后核查) found a commitment of this case false, so the
step cannot be taken over the API or a form on any other ground.

The commitments app sits above cases (it imports the table to take this step), so the guard
reads its model through the app registry rather than importing it."""

from __future__ import annotations

from django.apps import apps
from django.utils import timezone

from yichuang.common.errors import DomainError, Problem

from ..models import Case
from .common import Outcome, done


def false_commitment_found(case: Case) -> Problem | None:
    """The guard: only a granted decision, and only after a post-check found a commitment false."""
    if case.decision != Case.Decision.GRANTED:
        return Problem("nothing_to_revoke", "只有准予决定可以撤销。", "action")
    post_check = apps.get_model("commitments", "PostCheck")
    if not post_check.objects.filter(commitment__case=case, outcome=post_check.Outcome.FALSE).exists():
        return Problem("no_false_commitment", "只有事后核查认定告知承诺不实的办件才能撤销准予决定。", "action")
    return None


def revoke(case: Case, actor, reason: str, basis: str) -> Outcome:
    """The case ends revoked; the decision's reason and basis say why. A licence this case
    issued to the store is revoked with it, so intake no longer fetches it."""
    if not (reason or "").strip() or not (basis or "").strip():
        raise DomainError(Problem("revocation_needs_reason", "撤销决定须写明理由和法律依据。", "reason"))
    from yichuang.people.models import Licence
    from yichuang.people.services import revoke_licence

    case.decision_reason, case.decision_basis = reason, basis
    case.completed_at = case.completed_at or timezone.now()
    revoked = []
    for licence in Licence.objects.filter(source_case_ref=case.number, status=Licence.Status.VALID):
        revoke_licence(
            licence, reason=f"办件{case.number}准予决定已撤销:{reason}", actor=getattr(actor, "username", "system")
        )
        revoked.append(licence.number)
    return done(reason=reason, basis=basis, licences=revoked)
