"""Who may open each address: one declarative line per URL pattern (issue 8, R-04, R-52).

The authorisation matrix (tests/authz/) walks the URL configuration at test time and needs every
pattern to appear here — a new view whose pattern is missing FAILS it with a message naming the
line to add. The matrix then proves each line for every role × own site / other site /
anonymous / citizen, with real sessions against the real views:

- PUBLIC: anyone, logged in or not (guides, verification, health). Never denied, never a 5xx,
  never shows a case, an applicant's number or phone.
- STAFF: staff by site. Anonymous → the login page (pages) or 401/403 (API); a logged-in person
  without a staff role → 403/404; staff of another site → 403/404 for this site's objects, and no
  page or list ever contains another site's case numbers or applicants. `roles` narrows it to
  some roles (e.g. supervision for heads and supervisors): the other roles of the same site are
  refused too.
- CITIZEN: a citizen's own things (the hall): anonymous and other citizens are refused, a
  citizen never sees another citizen's case. `own=False` marks a citizen page whose parameters
  name public things (an item to apply for, a site's appointment slots): any logged-in citizen
  may open it; anonymous visitors and staff may not.
- ADMIN: Django's admin site: only accounts with is_staff; everyone else is sent to its login.

Keys are the full route as Django joins it (`str(pattern)` of each level, e.g.
"workbench/cases/<str:number>/"); PREFIXES classify whole included trees (the admin site).
`example` gives a concrete address for a regex pattern, whose parameters cannot be filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

PUBLIC, STAFF, CITIZEN, ADMIN = "public", "staff", "citizen", "admin"
KINDS = (PUBLIC, STAFF, CITIZEN, ADMIN)


@dataclass(frozen=True)
class Access:
    kind: str
    roles: frozenset[str] | None = None  # STAFF only: the roles allowed; None = any staff role
    example: str | None = None  # a concrete path for regex patterns
    own: bool = True  # CITIZEN only: the parameters name the citizen's own things

    def __post_init__(self):
        assert self.kind in KINDS, self.kind


def public(**kw) -> Access:
    return Access(PUBLIC, **kw)


def staff(*roles: str, **kw) -> Access:
    return Access(STAFF, frozenset(roles) or None, **kw)


def citizen(**kw) -> Access:
    return Access(CITIZEN, **kw)


PREFIXES: dict[str, Access] = {
    "admin/": Access(ADMIN),
    # One endpoint per case action, generated from the table of steps (cases.steps): all staff
    # by the case's sites, the action's roles checked by steps.perform.
    "api/v1/cases/<str:number>/": staff(),
}

ROUTES: dict[str, Access] = {
    "healthz": public(),
    # Prometheus: a bearer token or the monitoring network only — refused to every session.
    "metrics": Access(ADMIN),
    "api/schema/": public(),
    "api/docs/": public(),
    # Catalogue and guides (办事指南): public by law (政务公开).
    "api/v1/sites/": public(),
    "api/v1/sites/<str:site_code>/items/": public(),
    "api/v1/sites/<str:site_code>/items/<str:basic_code>/guide/": public(),
    "api/v1/sites/<str:site_code>/bundles/": public(),
    "": public(),
    "guide/": public(),
    "guide/search/": public(),
    "guide/<str:site_code>/": public(),
    "guide/<str:site_code>/items/<str:basic_code>/": public(),
    "guide/<str:site_code>/items/<str:basic_code>/print/": public(),
    "guide/<str:site_code>/bundles/<slug:code>/": public(),
    # Seal verification: anyone holding a document may check it.
    "verify/": public(),
    "verify/<str:code>": public(),
    "verify/<str:code>/": public(),
    # Cases API and workbench: staff of the case's sites.
    "api/v1/applicants/": staff(),
    "api/v1/cases/": staff(),
    "api/v1/cases/<str:number>/": staff(),
    "api/v1/^cases/.+$": staff(example="api/v1/cases/{number}/no-such-action/"),
    "workbench/login/": public(),
    "workbench/logout/": public(),
    "workbench/": staff(),
    "workbench/search/": staff(),
    "workbench/consult/": staff(),
    "workbench/consult/<int:pk>/answer/": staff(),
    "workbench/cases/<str:number>/": staff(),
    "workbench/cases/<str:number>/act/<str:action>/": staff(),
    "workbench/cases/<str:number>/uploads/<int:upload_id>/": staff(),
    "documents/<str:case_number>/<str:kind>.pdf": staff(),
    "workbench/intake/": staff("clerk", "helper"),
    "workbench/intake/applicant/": staff("clerk", "helper"),
    "workbench/intake/clear/": staff("clerk", "helper"),
    # 告知承诺 (issue 17 §6): the deciding department's approvers see their post-checks (any other
    # staff an empty queue, another department's task a 404); the commitment's PDF, staff of the
    # case's sites. The proofs list is public (证明事项清单, 政务公开).
    "commitments/checks/": staff(),
    "commitments/checks/<int:pk>/": staff(),
    "commitments/<int:pk>/pdf/": staff(),
    "proofs/<str:site_code>/": public(),
    "api/v1/sites/<str:site_code>/proofs/": public(),
    # Provincial catalogue import (issue 17 §4): the admin's catalogue administrators.
    "catalog-imports/": Access(ADMIN),
    "catalog-imports/<int:pk>/": Access(ADMIN),
    "catalog-imports/<int:pk>/progress/": Access(ADMIN),
    # The online hall (网上办事大厅): guides and the progress query are public; a citizen's cases,
    # uploads, results and bookings are theirs alone.
    "api/v1/portal/guide/": public(),
    "hall/": public(),
    "hall/progress/": public(),
    "hall/login/": public(),
    "hall/logout/": public(),
    "hall/identity/": citizen(),
    "hall/identity/confirm/": citizen(),
    "hall/act-as/": citizen(),
    "hall/apply/<str:site_code>/items/<str:basic_code>/": citizen(own=False),
    "hall/apply/<str:site_code>/bundles/<slug:code>/": citizen(own=False),
    "hall/messages/": citizen(),
    "hall/settings/": citizen(),  # 我的设置: the acting applicant's notification channels
    "hall/consult/": citizen(),
    "hall/consult/<str:site_code>/items/<str:basic_code>/": citizen(own=False),
    "hall/life-events/<str:ref>/": citizen(),
    "hall/cases/": citizen(),
    "hall/cases/<str:number>/": citizen(),
    "hall/cases/<str:number>/supplement/": citizen(),
    "hall/cases/<str:number>/results/<str:code>.pdf": citizen(),
    "hall/appointments/": citizen(),
    "hall/appointments/<str:site_code>/items/<str:basic_code>/": citizen(own=False),
    "hall/appointments/<str:code>/cancel/": citizen(),
    "hall/check-in/": staff("clerk", "helper", "head"),
    # 好差评: the applicant rates their own case; the clerk opens an encounter at a window they
    # hold a post at; tickets are for the centre's head and the supervisors above it.
    "feedback/cases/<str:number>/rate/": citizen(),
    "api/v1/feedback/cases/<str:number>/rating/": citizen(),
    "feedback/windows/<int:window_id>/": staff("clerk", "helper"),
    "feedback/windows/<int:window_id>/encounters/": staff("clerk", "helper"),
    # 评价器 bound to its window by the head (issue 13): the tablet has no session, its device cookie is checked.
    "feedback/windows/<int:window_id>/tablet/": staff("head"),
    "feedback/tablets/": staff("head"),
    "feedback/tablet/": public(),
    "api/v1/feedback/tablet/rating/": public(),
    "feedback/tickets/": staff("head", "supervisor"),
    "feedback/tickets/<int:pk>/": staff("head", "supervisor"),
    "feedback/tickets/<int:pk>/phone/": staff("head", "supervisor"),
    "feedback/tickets/<int:pk>/<str:action>/": staff("head", "supervisor"),
    **{
        f"api/v1/feedback/tickets/{tail}": staff("head", "supervisor")
        for tail in ("", "<int:pk>/", "<int:pk>/verify/", "<int:pk>/rectify/", "<int:pk>/call_back/", "<int:pk>/close/")
    },
    "feedback/cannot-do/": public(),
    "feedback/cannot-do/thanks/": public(),
    # The hall floor (yichuang.floor): the kiosk is a bound device, the call screen shows numbers only.
    "floor/kiosk/": public(),
    "floor/kiosk/ticket/": public(),
    "floor/screen/<str:site_code>/": public(),
    "floor/screen/<str:site_code>/now/": public(),
    "floor/windows/<int:window_id>/call/": staff("clerk", "helper"),
    "floor/tickets/<int:pk>/<str:action>/": staff("clerk", "helper"),
    "floor/posts/<int:post_id>/mark/": staff("clerk", "helper"),
    "floor/sites/<str:site_code>/": staff("head", "supervisor"),
    "floor/sites/<str:site_code>/posts/": staff("head"),
    "floor/sites/<str:site_code>/leave/": staff("head"),
    "floor/sites/<str:site_code>/kiosk/": staff("head"),
    "floor/sites/<str:site_code>/planning/": staff("head", "supervisor"),
    "floor/sites/<str:site_code>/assessment/": staff("head", "supervisor"),
    "floor/sites/<str:site_code>/circles/": staff("head", "supervisor"),
    # 电子监察 and scorecards: heads and supervisors; 审管联动 inbox: the supervising department's
    # staff; 双反馈 arrives signed (HMAC) from the department's system; the public scorecard.
    "supervision/": staff("head", "supervisor"),
    "supervision/alerts/<int:pk>/acknowledge/": staff("head", "supervisor"),
    "supervision/alerts/<int:pk>/close/": staff("head", "supervisor"),
    "supervision/scorecard/": staff("head", "supervisor"),
    "supervision/scorecard.xlsx": staff("head", "supervisor"),
    "api/v1/supervision/alerts/": staff("head", "supervisor"),
    "api/v1/supervision/scorecard/": staff("head", "supervisor"),
    "supervision/inbox/": staff("approver"),
    "supervision/inbox/<uuid:event_id>/": staff("approver"),
    "api/v1/supervision/results/": public(),
    "supervision/public/": public(),
    # 一次性收费 (yichuang.fees): the payment platform's callback is authenticated by its
    # signature (HMAC), not a session; the case's money pages follow the case (window staff
    # act, other staff read); the citizen pays for their own case; the daily report by site.
    "fees/case/<str:number>/": staff(),
    "fees/case/<str:number>/window/": staff(),
    "fees/case/<str:number>/void/<int:payment_id>/": staff(),
    "fees/case/<str:number>/helper-pay/": staff(),
    "fees/case/<str:number>/payment-notice.pdf": staff(),
    "fees/case/<str:number>/receipt/<int:payment_id>.pdf": staff(),
    "fees/hall/<str:number>/pay/": citizen(),
    "fees/hall/<str:number>/payment-notice.pdf": citizen(),
    "fees/hall/<str:number>/receipt/<int:payment_id>.pdf": citizen(),
    "fees/report/": staff("head", "supervisor"),
    "fees/report.xlsx": staff("head", "supervisor"),
    "api/v1/fees/callback/": public(),
    "api/v1/fees/cases/<str:number>/": staff(),
    "api/v1/fees/refund-callback/": public(),  # signed by the platform, as the payment callback
    "fees/case/<str:number>/refund/<int:refund_id>/": staff(),
    # 实施清单 filing (issue 17 §3): township heads draft and submit, the county's heads file or
    # return; another township's list is a 404 (the view decides by the list's site).
    "catalog/lists/": staff("head", "admin"),
    "catalog/lists/county/": staff("head", "admin"),
    "catalog/lists/<int:pk>/": staff("head", "admin"),
    "catalog/lists/<int:pk>/act/": staff("head", "admin"),
    # A standard item (基本目录事项) with every implementation and its delegation mode: public data.
    "api/v1/standard-items/<str:basic_code>/": public(),
    # 统一身份认证 (issue 17 §7): anyone may start a login; the callback proves itself by state,
    # nonce and PKCE; logout ends whichever session there is.
    "sso/<str:purpose>/start/": public(),
    "sso/<str:purpose>/callback/": public(),
    "sso/<str:purpose>/refused/": public(),
    "sso/logout/": public(),
}


def classify(route: str) -> Access | None:
    if route in ROUTES:
        return ROUTES[route]
    for prefix, access in PREFIXES.items():
        if route.startswith(prefix):
            return access
    return None
