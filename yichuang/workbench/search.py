"""Case search page (办件查询): a form that posts, one page of results, a button for the next.

The ID number is personal data: the form posts (never a GET query, so it reaches no URL, browser
history, proxy or access log), the page answers the POST directly (no redirect carrying it), it
is kept out of Django's error reports (sensitive_post_parameters) and the page shows it masked.
The next page posts the cursor and a token naming the criteria kept in the session, so the ID
number is not written into the page either.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.shortcuts import render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from yichuang.cases import search as case_search
from yichuang.cases import selectors
from yichuang.cases.workflow import State
from yichuang.common.idnumbers import is_valid_citizen_id, is_valid_uscc, normalise_digits
from yichuang.org.models import Site
from yichuang.people.numbers import mask_citizen_id

from .views import staff_required

SESSION_KEY = "workbench_search"
KEPT_SEARCHES = 5  # searches whose next pages stay reachable (a few browser tabs)
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
FIELDS = ("number", "name", "id_number", "phone_tail", "item", "state", "received_from", "received_to", "site")


class SearchForm(forms.Form):
    number = forms.CharField(label="办件编号(完整或后几位)", required=False, max_length=32)
    name = forms.CharField(label="申请人姓名或名称(可只填开头)", required=False, max_length=64)
    id_number = forms.CharField(
        label="身份证号或统一社会信用代码",
        required=False,
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    phone_tail = forms.CharField(
        label="联系电话后4位或更多",
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    item = forms.CharField(label="事项名称或编码", required=False, max_length=64)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *State.choices])
    received_from = forms.DateField(
        label="收件日期自",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请按 年-月-日 填写日期。"},
    )
    received_to = forms.DateField(
        label="收件日期至",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "请按 年-月-日 填写日期。"},
    )
    site = forms.TypedChoiceField(label="站点", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "我的全部站点"), *((s.pk, s.name) for s in sites)]

    def clean_number(self):
        number = normalise_digits(self.cleaned_data["number"]).strip().upper()
        if number and len(number) < 4:
            raise forms.ValidationError("请至少输入办件编号的后4位。", code="number_too_short")
        return number

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        value = normalise_digits(self.cleaned_data["id_number"]).strip().upper()
        if value and not (is_valid_citizen_id(value) or is_valid_uscc(value)):
            raise forms.ValidationError("证件号码无效:请核对18位身份证号或统一社会信用代码。", code="invalid_id_number")
        return value

    def clean_phone_tail(self):
        digits = "".join(ch for ch in normalise_digits(self.cleaned_data["phone_tail"]) if "0" <= ch <= "9")
        if self.cleaned_data["phone_tail"].strip() and len(digits) < 4:
            raise forms.ValidationError("请至少输入联系电话的后4位数字。", code="phone_tail_too_short")
        return digits

    def clean_item(self):
        return self.cleaned_data["item"].strip()

    def clean(self):
        data = super().clean()
        for key in ("received_from", "received_to"):  # a case is received in this era or not at all
            day = data.get(key)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(
                    key,
                    forms.ValidationError(f"日期须在{EARLIEST:%Y}年至{LATEST:%Y}年之间。", code="date_out_of_range"),
                )
                data.pop(key, None)
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and start > end:
            self.add_error("received_to", forms.ValidationError("结束日期不能早于开始日期。", code="date_range"))
        return data

    def criteria(self) -> case_search.Criteria:
        d = self.cleaned_data
        return case_search.Criteria(
            number=d["number"],
            name=d["name"],
            id_number=d["id_number"],
            phone_tail=d["phone_tail"],
            item=d["item"],
            state=d["state"],
            received_from=d["received_from"],
            received_to=d["received_to"],
            site_id=d["site"],
        )


def _store(request, criteria: case_search.Criteria) -> str:
    """Keep the criteria server-side under a fresh token (the next page names only the token)."""
    token = secrets.token_urlsafe(8)
    kept = dict(list(request.session.get(SESSION_KEY, {}).items())[-(KEPT_SEARCHES - 1) :])
    kept[token] = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in criteria.__dict__.items()}
    request.session[SESSION_KEY] = kept
    return token


def _recall(request, token: str) -> case_search.Criteria | None:
    saved = request.session.get(SESSION_KEY, {}).get(token)
    if saved is None:
        return None
    for key in ("received_from", "received_to"):
        saved[key] = dt.date.fromisoformat(saved[key]) if saved[key] else None
    return case_search.Criteria(**saved)


def _initial(criteria: case_search.Criteria) -> dict:
    """The form as it was filled in, but without the ID number (the page shows it masked)."""
    initial = {k: v for k, v in criteria.__dict__.items() if k != "id_number"}
    initial["site"] = initial.pop("site_id")
    return initial


@sensitive_post_parameters("id_number")
@require_http_methods(["GET", "POST"])
@staff_required
def search(request):
    user = selectors.staff_user(request.user)
    sites = list(Site.objects.filter(pk__in=selectors.site_ids(user)).order_by("level", "code"))
    context = {"searched": False, "error": ""}
    if request.method == "GET":
        form = SearchForm(sites=sites)
    elif request.POST.get("search"):  # a next page
        criteria = _recall(request, request.POST["search"])
        if criteria is None:
            form = SearchForm(sites=sites)
            context["error"] = "检索条件已过期,请重新检索。"
        else:
            form = SearchForm(initial=_initial(criteria), sites=sites)
            context |= _results(user, criteria, request.POST.get("after"), request.POST["search"])
    else:
        form = SearchForm(request.POST, sites=sites)
        if form.is_valid():
            criteria = form.criteria()
            token = _store(request, criteria)
            form = SearchForm(initial=_initial(criteria), sites=sites)
            context |= _results(user, criteria, None, token)
        else:
            context["error"] = "请按提示修改检索条件。"
    context["form"] = form
    return render(
        request,
        "workbench/search.html",
        context,
        status=400 if context["error"] and request.method == "POST" and not request.POST.get("search") else 200,
    )


def _results(user, criteria, after, token) -> dict:
    page = case_search.search(user, criteria, after=after)
    return {
        "searched": True,
        "page": page,
        "token": token,
        "continued": bool(after),
        "masked_id": mask_citizen_id(criteria.id_number) if criteria.id_number else "",
    }
