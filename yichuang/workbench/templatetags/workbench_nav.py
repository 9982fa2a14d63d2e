"""The workbench bar's links, by what the signed-in person does: receive cases, invite a rating at
their window (好差评 评价器), follow bad reviews and 办不成事 tickets, watch alerts and scorecards,
answer 审管联动 notices for a supervising department."""

from django import template

from yichuang.org.models import Post, StaffRole
from yichuang.supervision.models import SupervisionRoute

register = template.Library()

OVERSEERS = {StaffRole.Role.HEAD, StaffRole.Role.SUPERVISOR}
CASE_ROLES = {StaffRole.Role.CLERK, StaffRole.Role.APPROVER, StaffRole.Role.HELPER, StaffRole.Role.HEAD}


@register.inclusion_tag("workbench/_nav.html", takes_context=True)
def workbench_nav(context):
    user = context["request"].user
    if not user.is_authenticated:
        return {"links": False}
    roles = {r.role for r in user.staff_roles.all()}
    windows = (
        Post.objects.filter(staff=user)
        .select_related("window", "window__site")
        .order_by("window__site__name", "window__number")
        if roles & {StaffRole.Role.CLERK}
        else []
    )
    departments = {r.department_id for r in user.staff_roles.all() if r.department_id}
    return {
        "links": True,
        "has_queue": bool(roles & CASE_ROLES),  # a supervisor alone has no cases to work on
        "supervises_department": bool(departments)
        and SupervisionRoute.objects.filter(supervising_department_id__in=departments).exists(),
        "can_receive": bool(roles & {StaffRole.Role.CLERK, StaffRole.Role.HELPER}),
        "oversees": bool(roles & OVERSEERS),
        "heads": StaffRole.Role.HEAD in roles,
        "windows": [p.window for p in windows],
        # 告知承诺 post-checks fall to the deciding department's approvers (yichuang.commitments)
        "checks_commitments": any(
            r.role == StaffRole.Role.APPROVER and r.department_id for r in user.staff_roles.all()
        ),
        "floor_sites": [r.site for r in user.staff_roles.all() if r.role == StaffRole.Role.HEAD],  # yichuang.floor
    }
