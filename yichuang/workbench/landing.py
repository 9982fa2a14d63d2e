"""Where a staff member lands after logging in: the page of their work. A clerk, approver,
helper or head lands on their queues; a supervisor (监察) alone has no cases and lands on the
alerts of the sites they watch; a supervising department's user on the 审管联动 inbox.
A `next` address the login was sent with still wins (LoginView checks it is ours)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import reverse

from yichuang.cases.selectors import staff_user
from yichuang.supervision.access import WATCH_ROLES
from yichuang.workbench.templatetags.workbench_nav import CASE_ROLES


def landing_url(user) -> str:
    roles = list(staff_user(user).staff_roles.all())
    kinds = {r.role for r in roles}
    if kinds & CASE_ROLES or not roles:
        return reverse("workbench:home")
    if kinds & set(WATCH_ROLES):
        return reverse("supervision:alerts")
    if any(r.department_id for r in roles):
        return reverse("supervision:inbox")
    return reverse("workbench:home")


class StaffLoginView(auth_views.LoginView):
    def get_default_redirect_url(self):
        return landing_url(self.request.user)
