"""Writes for people: applicants, authorisations and the licence store. Each function is one
transaction and writes its audit record (and events) in it. Audit data never holds an ID
number or a phone number: only which fields changed (invariant 8)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from yichuang.common.errors import Conflict, DomainError, Problem
from yichuang.common.idnumbers import is_valid_uscc
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.org.models import StaffRole, User

from .licence_ids import is_valid_type_code, make_licence_id
from .models import Applicant, Authorisation, Licence, LicenceSerialCounter
from .numbers import is_valid_phone, normalise_number, normalise_phone, number_field

UPDATABLE_FIELDS = ("name", "phone", "address", "legal_representative")
FIELD_LABELS = {"name": "姓名或名称", "phone": "联系电话", "address": "地址", "legal_representative": "法定代表人"}
# Master data: who the applicant is. A citizen online may state it, never change it (issue 13).
MASTER_FIELDS = ("name", "legal_representative")
# A mandate's sanity bounds. Five years ahead: a written 授权委托书 for everyday errands is
# given for a term, and a longer one outlives the ID card and the circumstances it was given
# under (a "forever" 9999-12-31 mandate could never be noticed as stale). One year back: a
# letter signed a little before it is recorded is normal, but an earlier start would backdate
# authority over cases that were handled without it (0001-01-01).
MANDATE_MAX_YEARS_AHEAD = 5
MANDATE_MAX_DAYS_BACK = 366


# ---------------------------------------------------------------- applicants (申请人)


def _clean_data(kind: str, data: dict) -> dict:
    unknown = set(data) - set(UPDATABLE_FIELDS)
    if unknown:
        raise TypeError(f"unexpected applicant fields: {sorted(unknown)}")
    # Only text is data here: str(v) would store a JSON 1e400 as the name "inf" or a list as "['x']".
    for field, value in data.items():
        if value is not None and not isinstance(value, str):
            raise DomainError(Problem("invalid_value", f"“{FIELD_LABELS[field]}”应为文字。", field))
    # A blank value means "not given at this counter", not "erase what we know".
    cleaned = {k: v.strip() for k, v in data.items() if v is not None and v.strip()}
    if "phone" in cleaned:
        cleaned["phone"] = normalise_phone(cleaned["phone"])
        if not is_valid_phone(cleaned["phone"]):
            raise DomainError(Problem("invalid_phone", "联系电话无效:应为11位手机号或带区号的固定电话。", "phone"))
    if kind == Applicant.Kind.NATURAL and "legal_representative" in cleaned:
        raise DomainError(
            Problem("legal_representative_for_natural_person", "自然人不填写法定代表人。", "legal_representative")
        )
    return cleaned


def _full_clean(applicant: Applicant) -> None:
    try:
        applicant.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError(
            [
                Problem(e.code or "invalid", e.messages[0], field)
                for field, errors in exc.error_dict.items()
                for e in errors
            ]
        ) from None


def _audit_applicant(applicant: Applicant, action: str, actor: str, **data) -> None:
    ledger.record(
        f"applicant:{applicant.pk}",
        action,
        actor=actor,
        object_type="people.Applicant",
        object_id=str(applicant.pk),
        data=data,
    )


def _apply_changes(applicant: Applicant, cleaned: dict, actor: str, reason: str = "") -> Applicant:
    changed = [f for f, v in cleaned.items() if getattr(applicant, f) != v]
    if not changed:
        return applicant
    for field in changed:
        setattr(applicant, field, cleaned[field])
    _full_clean(applicant)
    applicant.save(update_fields=[*changed, "updated_at"])
    extra = {"reason": reason} if reason else {}
    _audit_applicant(applicant, "applicant.updated", actor, fields=sorted(changed), **extra)
    return applicant


@transaction.atomic
def find_or_create_applicant(kind: str, number: str, *, actor: str = "system", reason: str = "", **data) -> Applicant:
    """一数一源: the applicant with this ID number, created on first sight; on later visits the
    contact data given (name, phone, address, legal_representative) replaces the stored one."""
    number = normalise_number(kind, number)
    cleaned = _clean_data(kind, data)
    lookup = {"kind": kind, number_field(kind): number}
    applicant = Applicant.objects.select_for_update().filter(**lookup).first()
    if applicant is not None:
        return _apply_changes(applicant, cleaned, actor, reason)
    if not cleaned.get("name"):
        raise DomainError(Problem("name_required", "首次登记的申请人须填写姓名或名称。", "name"))
    applicant = Applicant(**lookup, **cleaned)
    _full_clean(applicant)
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError:  # a concurrent intake registered the same person first
        applicant = Applicant.objects.select_for_update().get(**lookup)
        return _apply_changes(applicant, cleaned, actor, reason)
    _audit_applicant(applicant, "applicant.created", actor, kind=kind)
    return applicant


def _refuse_master_data_mismatch(applicant: Applicant, cleaned: dict) -> None:
    problems = [
        Problem("applicant_data_mismatch", f"{FIELD_LABELS[f]}与登记信息不一致,请携带证件到窗口核验或更正。", f)
        for f in MASTER_FIELDS
        if f in cleaned and getattr(applicant, f) and getattr(applicant, f) != cleaned[f]
    ]
    if problems:
        raise DomainError(problems)


@transaction.atomic
def find_or_register_applicant_for_citizen(kind: str, number: str, *, actor: str, **data) -> Applicant:
    """The citizen's own path (online hall) to 一数一源: the applicant with this number as
    registered, created on first sight with the data given. An existing applicant is NEVER
    changed: a citizen's word is no proof, so a new phone or address is not recorded (staff
    record it at a window), and a different name or legal representative is refused instead of
    overwriting what the window registered (issue 13: anyone typing a name took over a company)."""
    number = normalise_number(kind, number)
    cleaned = _clean_data(kind, data)
    lookup = {"kind": kind, number_field(kind): number}
    applicant = Applicant.objects.filter(**lookup).first()
    if applicant is None:
        if not cleaned.get("name"):
            raise DomainError(Problem("name_required", "首次登记的申请人须填写姓名或名称。", "name"))
        applicant = Applicant(**lookup, **cleaned)
        _full_clean(applicant)
        try:
            with transaction.atomic():
                applicant.save()
        except IntegrityError:  # registered by someone else meanwhile: compare with theirs
            applicant = Applicant.objects.get(**lookup)
        else:
            _audit_applicant(applicant, "applicant.created", actor, kind=kind, channel="online")
            return applicant
    _refuse_master_data_mismatch(applicant, cleaned)
    return applicant


@transaction.atomic
def record_verified_representative(company: Applicant, representative: Applicant, *, actor: str) -> Applicant:
    """Link a company to the natural person the identity provider confirmed as its legal
    representative. Fills an empty link only: replacing a verified representative needs the
    window (营业执照 and the new representative's ID), not an online claim."""
    company = Applicant.objects.select_for_update().get(pk=company.pk)
    if company.kind != Applicant.Kind.LEGAL or not representative.is_natural:
        raise DomainError(
            Problem("invalid_representative", "法定代表人须为自然人,且只能登记在法人名下。", "representative")
        )
    if company.representative_id == representative.pk:
        return company
    if company.representative_id is not None:
        raise DomainError(Problem("not_representative", "您不是该单位登记的法定代表人。", "credit_code"))
    company.representative = representative
    company.save(update_fields=["representative", "updated_at"])
    _audit_applicant(company, "applicant.representative_verified", actor, fields=["representative"])
    return company


@transaction.atomic
def update_applicant(applicant: Applicant, *, actor: str = "system", reason: str = "", **data) -> Applicant:
    """Change contact data of a known applicant (the admin's change page uses this)."""
    locked = Applicant.objects.select_for_update().get(pk=applicant.pk)
    return _apply_changes(locked, _clean_data(locked.kind, data), actor, reason)


@transaction.atomic
def audit_full_number_view(applicant: Applicant, actor: str) -> None:
    """Invariant 8: showing a full personal number is itself recorded."""
    _audit_applicant(applicant, "applicant.full_number_viewed", actor)


# ---------------------------------------------------------------- authorisations (代办授权)


def _agent_problems(principal: Applicant, agent, relationship: str) -> list[Problem]:
    problems = []
    if isinstance(agent, User):
        if not StaffRole.objects.filter(user=agent, role=StaffRole.Role.HELPER).exists():
            problems.append(
                Problem("agent_not_helper", "该人员在任何站点都不是帮办代办员,不能作为帮办代办人。", "agent")
            )
        if relationship != Authorisation.Relationship.HELPER:
            problems.append(Problem("relationship_mismatch", "帮办代办员的关系应为“帮办代办员”。", "relationship"))
        return problems
    if agent.pk == principal.pk:
        problems.append(Problem("self_authorisation", "申请人不能授权本人代办自己的事项。", "agent"))
    elif not agent.is_natural:
        problems.append(Problem("agent_not_natural_person", "受托人应为自然人。", "agent"))
    if relationship == Authorisation.Relationship.HELPER:
        problems.append(Problem("relationship_mismatch", "亲友代办时关系不能为“帮办代办员”。", "relationship"))
    return problems


def _mandate_bound_problems(valid_from: dt.date, valid_until: dt.date) -> list[Problem]:
    """See MANDATE_MAX_YEARS_AHEAD: refuse 0001-01-01 starts and 9999-12-31 ends."""
    today = timezone.localdate()
    try:
        latest = today.replace(year=today.year + MANDATE_MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + MANDATE_MAX_YEARS_AHEAD, day=28)
    problems = []
    if valid_from < today - dt.timedelta(days=MANDATE_MAX_DAYS_BACK):
        problems.append(
            Problem("valid_from_too_early", "授权生效日期不能早于一年前,请按授权委托书的实际日期登记。", "valid_from")
        )
    if valid_until > latest:
        problems.append(
            Problem(
                "valid_until_too_late",
                f"授权有效期最长{MANDATE_MAX_YEARS_AHEAD}年(截止日期不能晚于{latest:%Y年%m月%d日}),"
                "期满后请重新办理授权。",
                "valid_until",
            )
        )
    return problems


@transaction.atomic
def grant_authorisation(
    *,
    principal: Applicant,
    agent: User | Applicant,
    relationship: str,
    valid_from: dt.date,
    valid_until: dt.date,
    evidence: str,
    recorded_by: User,
    items=None,
    relationship_note: str = "",
) -> Authorisation:
    """Record that `agent` may apply for `principal` from valid_from to valid_until (inclusive),
    for every item (`items=None`) or only for the given catalogue Items."""
    if not isinstance(agent, (User, Applicant)):
        raise TypeError("agent must be a staff User (帮办代办员) or an Applicant")
    problems = []
    if relationship not in Authorisation.Relationship.values:
        problems.append(Problem("invalid_relationship", "与委托人关系无效。", "relationship"))
    problems += _agent_problems(principal, agent, relationship)
    if relationship == Authorisation.Relationship.OTHER and not relationship_note.strip():
        problems.append(Problem("relationship_note_required", "关系为“其他”时须说明具体关系。", "relationship_note"))
    if valid_until < valid_from:
        problems.append(Problem("valid_until_before_valid_from", "授权截止日期不能早于生效日期。", "valid_until"))
    problems += _mandate_bound_problems(valid_from, valid_until)
    if not (evidence or "").strip():
        problems.append(Problem("evidence_required", "须登记授权依据(如授权委托书)。", "evidence"))
    items = None if items is None else list(items)
    if items is not None and not items:
        problems.append(Problem("items_required", "限定事项的授权至少须包含一个事项。", "items"))
    if problems:
        raise DomainError(problems)
    is_helper = isinstance(agent, User)
    auth = Authorisation.objects.create(
        principal=principal,
        agent_kind=Authorisation.AgentKind.HELPER if is_helper else Authorisation.AgentKind.PERSON,
        agent_user=agent if is_helper else None,
        agent_person=None if is_helper else agent,
        relationship=relationship,
        relationship_note=relationship_note.strip(),
        all_items=items is None,
        valid_from=valid_from,
        valid_until=valid_until,
        evidence=evidence.strip(),
        recorded_by=recorded_by,
    )
    if items:
        auth.items.set(items)
    ledger.record(
        f"applicant:{principal.pk}",
        "authorisation.granted",
        actor=recorded_by.username,
        object_type="people.Authorisation",
        object_id=str(auth.pk),
        data={
            "agent_kind": auth.agent_kind,
            "relationship": relationship,
            "all_items": auth.all_items,
            "items": sorted(i.basic_code for i in items or []),
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
        },
    )
    return auth


@transaction.atomic
def revoke_authorisation(authorisation: Authorisation, *, by: User, reason: str = "") -> Authorisation:
    """Withdraw a mandate from now on; the row stays as the record of what was allowed before."""
    auth = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    if auth.revoked_at is not None:
        raise Conflict(Problem("authorisation_already_revoked", "该授权已撤销。"))
    auth.revoked_at, auth.revoked_by, auth.revocation_reason = timezone.now(), by, reason.strip()
    auth.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    ledger.record(
        f"applicant:{auth.principal_id}",
        "authorisation.revoked",
        actor=by.username,
        object_type="people.Authorisation",
        object_id=str(auth.pk),
        data={"reason": auth.revocation_reason},
    )
    return auth


# ---------------------------------------------------------------- licence store (电子证照)


def _next_serial(type_code: str, issuer: str) -> int:
    """Take the next serial of (type, issuer). The UPDATE … SET last_serial = last_serial + 1 is
    the lock: on PostgreSQL it row-locks the counter exactly as select_for_update would, and a
    concurrent issuer waits and then increments the committed value; on SQLite (where
    select_for_update is a no-op) writing first takes the write lock before anything is read,
    so a second writer waits instead of failing on a stale snapshot."""
    counter = LicenceSerialCounter.objects.filter(licence_type_code=type_code, issuer_credit_code=issuer)
    while not counter.update(last_serial=F("last_serial") + 1):
        try:
            with transaction.atomic():
                LicenceSerialCounter.objects.create(licence_type_code=type_code, issuer_credit_code=issuer)
        except IntegrityError:
            pass  # another issuer created it; the next UPDATE waits for its lock
    return counter.values_list("last_serial", flat=True).get()


def _licence_problems(
    holder, type_code, type_name, issuer_name, issuer_credit_code, data, issued_on, valid_until
) -> list[Problem]:
    problems = []
    if not isinstance(holder, Applicant) or holder.pk is None:
        problems.append(Problem("holder_required", "须指定已登记的持证主体。", "holder"))
    if not is_valid_type_code(type_code):
        problems.append(
            Problem("invalid_licence_type_code", "证照类型代码应为1-32位数字或大写字母。", "licence_type_code")
        )
    if not type_name.strip():
        problems.append(Problem("licence_type_name_required", "须填写证照类型名称。", "licence_type_name"))
    if not issuer_name.strip():
        problems.append(Problem("issuer_name_required", "须填写颁发机构名称。", "issuer_name"))
    if not is_valid_uscc(issuer_credit_code):
        problems.append(Problem("invalid_uscc", "颁发机构统一社会信用代码无效。", "issuer_credit_code"))
    if not isinstance(data, dict):
        problems.append(Problem("invalid_licence_data", "证照信息应为键值对。", "data"))
    if valid_until is not None and valid_until < issued_on:
        problems.append(Problem("valid_until_before_issued_on", "有效期截止日不能早于颁发日期。", "valid_until"))
    return problems


def issue_licence(
    holder: Applicant,
    type_code: str,
    type_name: str,
    issuer_name: str,
    issuer_credit_code: str,
    data: dict,
    valid_until: dt.date | None = None,
    source_case_ref: str = "",
    *,
    issued_on: dt.date | None = None,
    actor: str = "system",
) -> Licence:
    """Put a newly issued licence into the store under a fresh serial of its (type, issuer)."""
    type_code, issuer_credit_code = (type_code or "").strip().upper(), (issuer_credit_code or "").strip().upper()
    issued_on = issued_on or timezone.localdate()
    problems = _licence_problems(
        holder, type_code, type_name or "", issuer_name or "", issuer_credit_code, data, issued_on, valid_until
    )
    if problems:
        raise DomainError(problems)
    with transaction.atomic():
        serial = _next_serial(type_code, issuer_credit_code)  # first statement: see _next_serial
        licence = Licence.objects.create(
            holder=holder,
            licence_type_code=type_code,
            licence_type_name=type_name.strip(),
            number=make_licence_id(type_code, issuer_credit_code, serial),
            serial=serial,
            version=1,
            issuer_name=issuer_name.strip(),
            issuer_credit_code=issuer_credit_code,
            issued_on=issued_on,
            valid_until=valid_until,
            data=data,
            source_case_ref=source_case_ref,
        )
        facts = {
            "number": licence.number,
            "licence_type_code": type_code,
            "holder": holder.pk,
            "source_case_ref": source_case_ref,
        }
        ledger.record(
            f"licence:{licence.pk}",
            Event.LICENCE_ISSUED.value,
            actor=actor,
            object_type="people.Licence",
            object_id=str(licence.pk),
            data=facts,
        )
        ledger.emit(Event.LICENCE_ISSUED, {"licence": licence.pk, **facts}, key=licence.number)
    return licence


@transaction.atomic
def revoke_licence(licence: Licence, *, reason: str, actor: str = "system") -> Licence:
    """撤销: the licence stays in the store, marked revoked, and is no longer offered to intake."""
    if not (reason or "").strip():
        raise DomainError(Problem("reason_required", "撤销证照须说明原因。", "reason"))
    licence = Licence.objects.select_for_update().get(pk=licence.pk)
    if licence.status == Licence.Status.REVOKED:
        raise Conflict(Problem("licence_already_revoked", "该证照已撤销。"))
    licence.status, licence.revoked_at = Licence.Status.REVOKED, timezone.now()
    licence.revocation_reason = reason.strip()
    licence.save(update_fields=["status", "revoked_at", "revocation_reason"])
    ledger.record(
        f"licence:{licence.pk}",
        Event.LICENCE_REVOKED.value,
        actor=actor,
        object_type="people.Licence",
        object_id=str(licence.pk),
        data={"reason": licence.revocation_reason},
    )
    ledger.emit(
        Event.LICENCE_REVOKED,
        {"licence": licence.pk, "number": licence.number, "licence_type_code": licence.licence_type_code},
        key=licence.number,
    )
    return licence


@transaction.atomic
def record_licence_signature(licence: Licence, signature: str, *, actor: str = "system") -> Licence:
    """The seals app signs a licence record once; a signature is never replaced."""
    updated = Licence.objects.filter(pk=licence.pk, signature="").update(signature=signature)
    if not updated:
        raise Conflict(Problem("licence_already_signed", "该电子证照已签章,不能重复签章。", "signature"))
    ledger.record(
        f"licence:{licence.pk}",
        "licence.signed",
        actor=actor,
        object_type="people.Licence",
        object_id=str(licence.pk),
        data={"signature_prefix": signature.split(":", 2)[:2]},
    )
    licence.signature = signature
    return licence
