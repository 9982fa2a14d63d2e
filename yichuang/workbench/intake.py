"""The intake screen (收件): find or register the applicant, pick the item by search or life
event, tick the materials, fill the form, see the conditions judged, and finish (R-20–R-23).

The applicant's ID number never travels in a URL (access logs must not hold it, invariant 8):
the lookup is a POST that keeps it in the session; the item, search words and site are GET
parameters. Every write goes through people.services and cases.services inside one
transaction, so a refused outcome leaves no half-received case behind.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from yichuang.cases import selectors, services
from yichuang.cases.models import Case
from yichuang.catalog import selectors as catalog
from yichuang.catalog.models import Material
from yichuang.catalog.rules import evaluate_rules
from yichuang.common import params
from yichuang.common.errors import DomainError, Problem
from yichuang.licences import providers as licence_providers
from yichuang.org.models import StaffRole
from yichuang.people import selectors as people
from yichuang.people import services as people_services
from yichuang.people.models import Applicant, Authorisation
from yichuang.people.numbers import normalise_number

from .intake_forms import ApplicantLookupForm, IntakeForm, Outcome
from .views import staff_required

DRAFT = "workbench_intake"
INTAKE_ROLES = (StaffRole.Role.CLERK, StaffRole.Role.HELPER)
ITEM_ROWS = 20


def intake_sites(user) -> list[tuple]:
    """(site, is_helper_only) for each site where this person may receive applications."""
    roles: dict = {}
    for role in user.staff_roles.all():
        if role.role in INTAKE_ROLES:
            roles.setdefault(role.site_id, set()).add(role.role)
    sites = {s.pk: s for s in catalog.public_sites().filter(pk__in=roles)}
    return [(sites[pk], StaffRole.Role.CLERK not in r) for pk, r in roles.items() if pk in sites]


def _site(request, user):
    choices = sorted(intake_sites(user), key=lambda s: s[0].code)
    if not choices:
        raise PermissionDenied("只有受理人员和帮办代办员可以收件。")
    code = request.POST.get("site") or request.GET.get("site")
    return next((c for c in choices if c[0].code == code), choices[0]), choices


def _draft_applicant(request):
    """(kind, number, applicant or None, error) from the session's lookup."""
    draft = request.session.get(DRAFT) or {}
    kind, number = draft.get("kind", Applicant.Kind.NATURAL), draft.get("number", "")
    if not number:
        return kind, "", None, ""
    try:
        number = normalise_number(kind, number)
    except DomainError as err:
        return kind, "", None, err.message
    return kind, number, people.find_applicant(kind, number), ""


def _licences(ctx, version, applicant) -> dict:
    """Government-issued materials a licence provider holds for this applicant (R-13, R-42);
    what a provider could not answer becomes a notice for the clerk (ctx["licence_notices"])."""
    ctx["licence_notices"] = []
    if applicant is None:
        return {}
    found = {}
    for m in version.materials.all():
        if m.source == Material.Source.GOVERNMENT and m.licence_type_code:
            fetched = licence_providers.fetch(applicant, m.licence_type_code, m.name)
            ctx["licence_notices"] += fetched.notices
            if fetched.licence is not None:
                found[m.pk] = fetched.licence
    return found


def _context(request, user):
    (site, helper_only), sites = _site(request, user)
    kind, number, applicant, number_error = _draft_applicant(request)
    q, bundle_code = request.GET.get("q", "").strip(), request.GET.get("bundle", "")
    ctx = {
        "site": site,
        "sites": [s for s, _ in sites],
        "helper": helper_only,
        "q": q,
        "number": number,
        "can_receive": True,
        "masked": applicant.masked_number if applicant else "",
        "applicant": applicant,
        "number_error": number_error,
        "lookup": ApplicantLookupForm(initial={"kind": kind}),
        "bundles": list(catalog.site_bundles(site)[:50]),
        "bundle_code": bundle_code,
        "kind": kind,
    }
    ctx["items"] = catalog.search_site_items(site, q, limit=ITEM_ROWS) if q else []
    bundle = catalog.get_site_bundle(site, bundle_code) if bundle_code else None
    ctx["bundle"] = bundle
    ctx["bundle_items"] = catalog.bundle_site_items(site, bundle) if bundle else []
    code = (request.POST.get("item") or request.GET.get("item", "")).strip()
    ctx["item_code"], ctx["version"], ctx["item_error"] = code, None, ""
    if code and params.code(code) is None:
        # Not an item code at all (a NUL, a pasted paragraph): unknown, as any other wrong code.
        ctx["item_error"] = "未找到该事项,请从检索结果中选择。"
    elif code:
        try:
            _, ctx["version"] = selectors.intake_target(site.code, code, None)
        except DomainError as err:
            ctx["item_error"] = err.message
    return ctx


def _intake_form(ctx, user, data=None):
    version, applicant = ctx["version"], ctx["applicant"]
    mandate = None
    if ctx["helper"] and applicant is not None:
        mandate = people.active_authorisation(user, applicant, version)
    ctx["mandate"] = mandate
    ctx["form"] = IntakeForm(
        data,
        version=version,
        site=ctx["site"],
        applicant=applicant,
        licences=_licences(ctx, version, applicant),
        helper=ctx["helper"],
        mandate=mandate,
    )
    return ctx["form"]


@require_http_methods(["GET", "POST"])
@staff_required
def intake(request):
    user = selectors.staff_user(request.user)
    ctx = _context(request, user)
    ready = ctx["version"] is not None and ctx["number"]
    if not ready:
        return render(request, "workbench/intake.html", ctx)
    form = _intake_form(ctx, user, request.POST if request.method == "POST" else None)
    if request.method == "GET":
        return render(request, "workbench/intake.html", ctx)
    if not form.is_valid():
        ctx["error"] = "请按提示修改后再提交。"
        return render(request, "workbench/intake.html", ctx, status=400)
    rules = [r for r in ctx["version"].rules.all() if r.stage == "intake"]
    ctx["results"] = evaluate_rules(rules, form.form_data())
    if "check" in request.POST:  # 检查受理条件: judge only, write nothing
        return render(request, "workbench/intake.html", ctx)
    if not form.cleaned_data["outcome"]:
        form.add_error("outcome", "请选择办理结果。")
        ctx["error"] = "请选择办理结果。"
        return render(request, "workbench/intake.html", ctx, status=400)
    try:
        case = _finish(ctx, user, form)
    except DomainError as err:
        ctx["error"], ctx["problems"] = "未能办理:", [p.message for p in err.problems]
        return render(request, "workbench/intake.html", ctx, status=err.status)
    request.session.pop(DRAFT, None)
    return redirect("workbench:case", number=case.number)


@transaction.atomic
def _finish(ctx, user, form) -> Case:
    d, version, site = form.cleaned_data, ctx["version"], ctx["site"]
    applicant = people_services.find_or_create_applicant(
        ctx["kind"], ctx["number"], actor=user.username, **form.contact()
    )
    mandate = ctx.get("mandate")
    if ctx["helper"] and mandate is None:
        mandate = _record_mandate(user, applicant, version, d)
    case = services.receive(
        site=site,
        clerk=user,
        version=version,
        applicant=applicant,
        materials=form.materials(),
        form_data=form.form_data(),
        authorisation=mandate,
        channel=Case.Channel.HELPER if ctx["helper"] else Case.Channel.WINDOW,
    )
    match d["outcome"]:
        case Outcome.ACCEPT:
            services.accept(case, user)
        case Outcome.INSTANT:
            services.decide_instantly(services.accept(case, user), user, opinion=d["opinion"])
        case Outcome.SUPPLEMENT:
            services.request_supplement(case, user, form.notice_lines())
        case Outcome.ESCALATE:
            services.escalate(services.accept(case, user), user, to_site=site.parent, tracker=user)
        case Outcome.REFUSE:
            services.refuse_intake(case, user, reason=d["reason"], basis=d["basis"])
    return case


def _record_mandate(user, applicant, version, d) -> Authorisation:
    """帮办代办: the applicant's written mandate for this helper and this item, recorded now."""
    until = d.get("mandate_until")
    if until is None:
        raise DomainError(Problem("mandate_until_required", "请填写授权有效期。", "mandate_until"))
    return people_services.grant_authorisation(
        principal=applicant,
        agent=user,
        relationship=Authorisation.Relationship.HELPER,
        valid_from=timezone.localdate(),
        valid_until=until,
        evidence=d.get("mandate_evidence", ""),
        recorded_by=user,
        items=[version.item],
    )


@require_POST
@staff_required
def lookup_applicant(request):
    """Keep the ID number in the session (not the URL) and show the intake page again."""
    _site(request, selectors.staff_user(request.user))  # only those who may receive (403 otherwise)
    form = ApplicantLookupForm(request.POST)
    site, item = request.POST.get("site", ""), request.POST.get("item", "")
    if form.is_valid():
        request.session[DRAFT] = {"kind": form.cleaned_data["kind"], "number": form.cleaned_data["number"].strip()}
    return redirect(_back(site, item))


@require_POST
@staff_required
def clear_intake(request):
    _site(request, selectors.staff_user(request.user))
    request.session.pop(DRAFT, None)
    return redirect(_back(request.POST.get("site", ""), ""))


def _back(site: str, item: str) -> str:
    query = urlencode({k: v for k, v in (("site", site), ("item", item)) if v})
    return reverse("workbench:intake") + (f"?{query}" if query else "")
