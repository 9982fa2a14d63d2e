"""Staff downloads of a case's notices (/documents/<case number>/<kind>.pdf). Authorised like
the workbench's case page: logged in (else the workbench login), and a role at the case's
accepting or home site — anyone else gets 404, as if the case did not exist. Thin: the
selectors decide what applies, notices.issue_notice renders and stores."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import notices, selectors
from .models import NoticeKind

LOGIN_URL = reverse_lazy("workbench:login")


@require_GET
@never_cache  # personal data: no shared cache may keep a copy
@login_required(login_url=LOGIN_URL)
def notice(request, case_number: str, kind: str):
    case = selectors.visible_case(request.user, case_number)
    if case is None or kind not in NoticeKind.values or kind not in selectors.available_notices(case):
        raise Http404("文书不存在")
    # GET may write here: issuing is idempotent (the same facts give the same stored document),
    # and the first download of a notice is the moment it is issued and audited.
    pdf = notices.issued_pdf(case, kind, request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}-{kind}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
