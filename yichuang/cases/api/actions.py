"""One endpoint per service action: POST /api/v1/cases/<number>/<action>/.

Each action is a row of `ACTIONS`: its URL slug, the small serializer of its input, and the
one service call it maps to. A view class is made per row so the OpenAPI schema documents
each action's own request body. Every action answers with the case detail as it now stands.

Order in each request: the case must be visible to the user (else 404, for writes as for
reads, so existence does not leak), then the input is validated, then the service decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound

from yichuang.common.errors import DomainError, Problem
from yichuang.common.idempotency import idempotent
from yichuang.org.models import Department, Site, User

from .. import services, workflow
from ..models import Escalation, JointTask
from ..workflow import Action
from . import representations as out
from . import serializers as inp
from .views import ERRORS, KEY_PARAM, TAG, CasesAPIView


def _site(code: str, field: str) -> Site:
    site = Site.objects.filter(code=code).first()
    if site is None:
        raise DomainError(Problem("unknown_site", "站点编码不存在。", field))
    return site


def _user(username: str, field: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DomainError(Problem("unknown_user", "该用户不存在或已停用。", field))
    return user


def _departments(ids: list[int]) -> list[Department]:
    found = {d.pk: d for d in Department.objects.filter(pk__in=ids)}
    unknown = [pk for pk in ids if pk not in found]
    if unknown:
        raise DomainError([Problem("unknown_department", f"部门编号{pk}不存在。", "departments") for pk in unknown])
    return [found[pk] for pk in ids]


def _joint_task(case, task_id: int) -> JointTask:
    task = JointTask.objects.filter(pk=task_id, case=case).select_related("department").first()
    if task is None:
        raise NotFound("未找到该联办任务。")
    return task


def _escalated(case):
    # The service reads `case.escalation` unguarded: name the problem instead of a 500.
    if not Escalation.objects.filter(case=case).exists():
        raise DomainError(Problem("not_escalated", "该办件未上报,没有可同步的上级进度。", "action"))
    return case


@dataclass(frozen=True)
class Spec:
    slug: str
    serializer: type
    summary: str
    description: str
    call: Callable  # (case, actor, validated data, url kwargs) -> anything; the answer is the case
    action: Action | None = None  # the row of the transition table, when the action is one


def _state_allows(case, action: Action | None) -> None:
    """Refuse an action the case's state does not allow before anything else, with the table's
    own error. The service checks again under the row lock; this early check only keeps a
    request in the wrong state from reaching service code that assumes the right one (e.g.
    `extend` computing from a due date a case in 预审 does not have yet)."""
    if action is not None:
        workflow.transition(case.state, action, set(workflow.Role.values))


S = services
ACTIONS = [
    Spec("accept", inp.EmptySerializer, "受理", "材料齐全且符合受理条件时受理,按归属地工作日开始计时。",
         lambda c, a, d, k: S.accept(c, a), action=Action.ACCEPT),
    Spec("request-supplement", inp.SupplementRequestSerializer, "一次性告知补正",
         "一份告知书列出全部缺少或不符合要求的材料及原因;已收取的材料不得再次要求。计时暂停(受理后)。"
         "预审时由受理窗口出具;审查中只能由审批该办件的部门(通办地审批时为通办地)的审批人员出具。",
         lambda c, a, d, k: S.request_supplement(c, a, d["lines"]), action=Action.REQUEST_SUPPLEMENT),
    Spec("supplement", inp.SupplementSerializer, "补正材料", "申请人补齐告知书所列全部材料。",
         lambda c, a, d, k: S.supplement(c, a, d["received"]), action=Action.SUPPLEMENT),
    Spec("start-review", inp.EmptySerializer, "开始审查", "事项实施部门的审批人员开始审查(后台分类审批)。",
         lambda c, a, d, k: S.start_review(c, a), action=Action.START_REVIEW),
    Spec("approve", inp.OpinionSerializer, "准予",
         "事项实施部门的审批人员作出准予决定。联办件不能直接准予:全部联办部门办理后由系统决定(joint_tasks_pending)。",
         lambda c, a, d, k: S.approve(c, a, d.get("opinion", "")), action=Action.APPROVE),
    Spec("deny", inp.ReasonBasisSerializer, "不予许可", "退回件:不予许可,须写明理由和法律依据。联办件不能直接不予:由联办部门办理(joint_tasks_pending)。",
         lambda c, a, d, k: S.deny(c, a, d["reason"], d["basis"]), action=Action.DENY),
    Spec("decide-instantly", inp.OpinionSerializer, "即办办结", "即办件:窗口当场办结。",
         lambda c, a, d, k: S.decide_instantly(c, a, d.get("opinion", "")), action=Action.DECIDE_INSTANTLY),
    Spec("refuse-intake", inp.ReasonBasisSerializer, "不予受理", "退回件:不予受理,须写明理由和法律依据。",
         lambda c, a, d, k: S.refuse_intake(c, a, d["reason"], d["basis"]), action=Action.REFUSE_INTAKE),
    Spec("escalate", inp.EscalateSerializer, "上报", "上报件:报送本中心所属的县级中心,指定本中心跟踪责任人(全程代理)。",
         lambda c, a, d, k: S.escalate(c, a, _site(d["to_site"], "to_site"), _user(d["tracker"], "tracker")),
         action=Action.ESCALATE),
    Spec("sync-escalation", inp.SyncEscalationSerializer, "同步上报进度",
         "登记上级中心的最新进度;附审批结果时办件进入“已决定”,回到本窗口出件。",
         lambda c, a, d, k: S.sync_escalation(_escalated(c), a, status_note=d["status_note"],
                                              external_number=d.get("external_number", ""),
                                              decision=d.get("decision", ""), reason=d.get("reason", ""))),
    Spec("dispatch-joint", inp.DispatchJointSerializer, "分送联办",
         "联办件:分送两个及以上部门并行办理,全部办结后由系统决定(全部同意则准予,任一部门不同意则不予许可)。"
         "部门须为继续办理该办件的中心(帮办代办件为乡镇中心)的进驻部门,否则返回400 department_not_reachable。",
         lambda c, a, d, k: S.dispatch_joint(c, a, _departments(d["departments"])), action=Action.DISPATCH_JOINT),
    Spec("start-special", inp.SpecialStartSerializer, "启动特别程序",
         "现场勘验、听证、检测、专家评审等(须为事项所列),计时暂停。",
         lambda c, a, d, k: S.start_special(c, a, d["kind"], d["reason"]), action=Action.START_SPECIAL),
    Spec("end-special", inp.SpecialEndSerializer, "结束特别程序", "特别程序结束,恢复计时,办结日期顺延暂停的工作日。",
         lambda c, a, d, k: S.end_special(c, a, d["result"]), action=Action.END_SPECIAL),
    Spec("extend", inp.ExtendSerializer, "延期", "中心负责人批准延期,不得超过法定办结时限。",
         lambda c, a, d, k: S.extend(c, a, d["days"], d["reason"]), action=Action.EXTEND),
    Spec("supply-deferred", inp.MaterialIdsSerializer, "容缺后补", "收取容缺受理时承诺后补的材料。",
         lambda c, a, d, k: S.supply_deferred(c, a, d["material_ids"])),
    Spec("prepare-delivery", inp.EmptySerializer, "制证待送达", "决定后制证(产生电子证照的事项签发入库);容缺材料须已补齐。",
         lambda c, a, d, k: S.prepare_delivery(c, a), action=Action.PREPARE_DELIVERY),
    Spec("deliver", inp.DeliverSerializer, "送达", "统一窗口出件:窗口领取、邮政快递(须快递单号)或电子送达。",
         lambda c, a, d, k: S.deliver(c, a, d["method"], d.get("tracking_number", "")), action=Action.DELIVER),
    Spec("withdraw", inp.ReasonSerializer, "撤回申请", "决定前申请人撤回申请。",
         lambda c, a, d, k: S.withdraw(c, a, d.get("reason", "")), action=Action.WITHDRAW),
    Spec("terminate", inp.ReasonBasisSerializer, "终止办理", "中心负责人终止办理,须写明理由和依据。",
         lambda c, a, d, k: S.terminate(c, a, d["reason"], d["basis"]), action=Action.TERMINATE),
    Spec("joint-tasks/<int:task_id>/answer", inp.JointAnswerSerializer, "联办部门办理",
         "联办任务所属部门的审批人员作出同意或不同意(须写明理由);最后一个部门办理后办件自动决定。",
         lambda c, a, d, k: S.answer_joint_task(_joint_task(c, k["task_id"]), a, d["granted"], d.get("opinion", ""))),
]


def action_view(spec: Spec) -> type[CasesAPIView]:
    class ActionView(CasesAPIView):
        serializer_class = spec.serializer

        @extend_schema(tags=[TAG], operation_id="cases_" + spec.slug.split("/")[0].replace("-", "_")
                       + ("_answer" if "/" in spec.slug else ""),
                       summary=spec.summary, description=spec.description, request=spec.serializer,
                       parameters=[KEY_PARAM], responses={200: out.CaseDetailSerializer, **ERRORS})
        @idempotent()
        def post(self, request, number: str, **kwargs):
            case = self.case_or_404(number)
            data = self.get_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            _state_allows(case, spec.action)
            spec.call(case, self.actor, data.validated_data, kwargs)
            return self.detail_response(number)

    name = "".join(part.title() for part in spec.slug.split("/")[0].split("-"))
    ActionView.__name__ = ActionView.__qualname__ = f"Case{name}{'Answer' if '/' in spec.slug else ''}View"
    return ActionView


def urlpatterns() -> list:
    return [path(f"cases/<str:number>/{spec.slug}/", action_view(spec).as_view(),
                 name=spec.slug.split("/")[0] + ("-answer" if "/" in spec.slug else ""))
            for spec in ACTIONS]
