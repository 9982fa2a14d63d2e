"""What is offered is what is accepted (issue 14 §4): over random case histories taken by
random staff and citizens of random sites, the actions offered to someone (the workbench page
and the API's `actions`, both `selectors.actions_for`) are exactly the actions the entry point
`steps.perform` lets them take; and a refused action changes nothing and writes no audit record.

"Lets them take" means perform does not refuse the actor or the moment: no
transition_not_allowed, role_not_allowed or guard code. An offered action may still be refused
for what was given (an incomplete notice, say); that refusal also changes nothing."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yichuang.cases import selectors, steps
from yichuang.cases.api import representations as out
from yichuang.cases.models import Case, CaseMaterial, JointTask
from yichuang.cases.services import MaterialInput, receive
from yichuang.cases.services.online import ApplicantActor
from yichuang.cases.tests.factories import make_world
from yichuang.cases.workflow import Action
from yichuang.catalog import services as catalog
from yichuang.catalog.tests.guide_factories import village
from yichuang.common.errors import DomainError
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory, StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.people.models import Authorisation
from yichuang.people.tests.factories import AuthorisationFactory

pytestmark = pytest.mark.django_db(transaction=False)

GATE_CODES = {"transition_not_allowed", "role_not_allowed", "unknown_action"} | {
    "joint_tasks_pending",
    "not_instant",
    "not_online",
    "already_taken",
    "not_deferred",
    "special_not_listed",
    "county_on_platform",
    "county_not_on_platform",
    "county_step_out_of_order",
}
R = StaffRole.Role


@pytest.fixture
def town():
    """A township with its county, a village station, a second township, and one person for
    every role at each: the cast a random history draws its actors from."""
    world = make_world()
    site, county = world.site, world.site.parent
    station = village(site)
    catalog.implement_at(station, world.version)
    other_town = TownshipSiteFactory(parent=county)
    second_department = DepartmentFactory(site=site, name="自然资源所")

    def person(at, role, **kw):
        return StaffRoleFactory(site=at, role=role, user=UserFactory(), **kw).user

    helper = person(station, R.HELPER)
    cast = {
        "clerk": world.clerk,
        "approver": world.approver,
        "head": person(site, R.HEAD),
        "other_approver": person(site, R.APPROVER, department=second_department),
        "helper": helper,
        "village_clerk": person(station, R.CLERK),
        "county_clerk": person(county, R.CLERK),
        "county_head": person(county, R.HEAD),
        "other_clerk": person(other_town, R.CLERK),
        "other_head": person(other_town, R.HEAD),
        "system": None,
        "citizen": ApplicantActor("citizen:1"),
    }
    mandate = AuthorisationFactory(
        principal=world.applicant,
        agent_kind=Authorisation.AgentKind.HELPER,
        agent_person=None,
        agent_user=helper,
        relationship=Authorisation.Relationship.HELPER,
    )
    return world, station, cast, mandate


def new_case(world, station, mandate, start: str, deferred: bool) -> Case:
    materials = list(world.version.materials.all())
    given = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in materials}
    if deferred:
        household = world.material("户口簿")
        given[household.pk] = MaterialInput(CaseMaterial.Status.DEFERRED, promised_by=_soon())
    kw = dict(version=world.version, applicant=world.applicant, materials=given, form_data={"applicant": {"age": 85}})
    if start == "helper":
        return receive(site=station, clerk=mandate.agent_user, authorisation=mandate, channel="helper", **kw)
    return receive(site=world.site, clerk=world.clerk, **kw)


def _soon():
    import datetime as dt

    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=3)


def sample_input(case: Case, actor, action: Action) -> dict:
    """A well-formed input for `action` on this case: what a careful clerk would send."""
    reason = {"reason": "依据审查意见", "basis": "《中华人民共和国行政许可法》第三十八条"}
    materials = list(case.materials.all())
    if action == Action.REQUEST_SUPPLEMENT:
        wanted = [m.material_id for m in materials if m.status in ("missing", "rejected")] or [materials[0].material_id]
        return {"lines": {pk: "请提交清晰的原件扫描件" for pk in wanted}}
    if action == Action.SUPPLEMENT:
        notice = case.supplement_notices.filter(supplied_at__isnull=True).last()
        return {"received": list(notice.lines.values_list("material_id", flat=True)) if notice else []}
    if action == Action.DISPATCH_JOINT:
        return {"departments": list(steps.common.front_desk_site(case).departments.values_list("pk", flat=True))}
    if action == Action.ANSWER_JOINT_TASK:
        mine = {r.department_id for r in getattr(actor, "staff_roles", StaffRole.objects.none()).all()}
        tasks = [t for t in case.joint_tasks.all() if t.status == JointTask.Status.PENDING]
        task = next((t for t in tasks if t.department_id in mine), tasks[0] if tasks else None)
        return {"task": task.pk if task else 1, "granted": True, "opinion": "同意"}
    if action == Action.SUPPLY_DEFERRED:
        return {
            "material_ids": [m.material_id for m in materials if m.status == "deferred"] or [materials[0].material_id]
        }
    return {
        Action.REFUSE_INTAKE: reason,
        Action.DENY: reason,
        Action.TERMINATE: reason,
        Action.COUNTY_DENY: reason,
        Action.WITHDRAW: {"reason": "申请人撤回"},
        Action.RECORD_ESCALATION_PROGRESS: {"status_note": "县级中心已受理"},
        Action.RECORD_ESCALATION_RESULT: {"decision": "granted", "status_note": "县级中心准予"},
        Action.START_SPECIAL: {"kind": "site_inspection", "reason": "需现场核实"},
        Action.END_SPECIAL: {"result": "核实无误"},
        Action.EXTEND: {"days": 1, "reason": "需补充调查"},
        Action.DELIVER: {"method": "window"},
        Action.APPROVE: {"opinion": "同意"},
    }.get(action, {})


def snapshot(case: Case) -> tuple:
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.state,
        fresh.owner_id,
        fresh.due_date,
        fresh.decision,
        fresh.visits,
        AuditRecord.objects.filter(stream=case.audit_stream).count(),
        tuple(fresh.materials.order_by("pk").values_list("status", flat=True)),
        tuple(fresh.joint_tasks.order_by("pk").values_list("status", flat=True)),
    )


def offered_to(case: Case, actor) -> set[Action]:
    fresh = Case.objects.get(pk=case.pk)
    if actor is None or isinstance(actor, ApplicantActor):
        return set(steps.offered(fresh, actor))
    actor = selectors.staff_user(actor)
    view = selectors.case_view(actor, fresh.number)
    if view is None:  # not visible: nothing may be offered, and nothing is accepted (checked below)
        return set()
    api = {Action(a["action"]) for a in out.case_detail(view, actor)["actions"]}
    page = set(selectors.actions_for(actor, view.case))
    assert api == page
    return page


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    start=st.sampled_from(["window", "helper"]),
    deferred=st.booleans(),
    moves=st.lists(st.tuples(st.sampled_from(list(Action)), st.integers(0, 11)), min_size=4, max_size=14),
)
def test_what_is_offered_is_exactly_what_perform_accepts(town, start, deferred, moves):
    world, station, cast, mandate = town
    actors = list(cast.values())
    with transaction.atomic():
        case = new_case(world, station, mandate, start, deferred)
        for action, who in moves:
            actor = actors[who]
            # Sometimes the action the actor is offered, so histories go deep; sometimes any.
            offered = offered_to(case, actor)
            if offered and who % 2:
                action = sorted(offered)[who % len(offered)]
            before = snapshot(case)
            try:
                steps.perform(Case.objects.get(pk=case.pk), actor, action, sample_input(case, actor, action))
            except DomainError as refusal:
                assert snapshot(case) == before, (action, refusal.code)
                if action in offered:
                    assert refusal.code not in GATE_CODES, (action, refusal.code, refusal.message)
                else:
                    assert refusal.code in GATE_CODES, (action, refusal.code)
            else:
                assert action in offered, (action, list(cast)[who], before[0])
                assert snapshot(case)[5] > before[5]  # an accepted step is audited
        transaction.set_rollback(True)
