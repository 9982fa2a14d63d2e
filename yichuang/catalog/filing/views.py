"""实施清单 pages: the township head drafts and submits (`township`), the county head sees every
township's list beside the standard and files or returns it (`county`, `review`). Thin: the
rules live in filing.services; every POST is CSRF-protected by Django's middleware."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from yichuang.common.errors import DomainError

from ..models import ImplementationList, Item
from . import selectors, services
from .workflow import TOWNSHIP, allowed_actions


def _staff_login(view):
    return login_required(view, login_url="workbench:login")


def _page(request, lst: ImplementationList, side: str, status: int = 200):
    return render(
        request,
        "filing/list.html",
        {
            "lst": lst,
            "side": side,
            "rows": selectors.rows(lst),
            "candidates": selectors.candidates(lst) if side == TOWNSHIP else [],
            "actions": allowed_actions(lst.state, side),
        },
        status=status,
    )


@_staff_login
@require_http_methods(["GET"])
def township(request):
    """The township head's entry: their centre's list in the works (opened on first visit)."""
    sites = selectors.township_sites(request.user)
    if not sites and selectors.county_sites(request.user):  # the county's heads review, they do not draft
        return redirect("filing:county")
    if not sites:
        raise PermissionDenied("只有镇(街道)便民服务中心负责人或管理员可以编制实施清单。")
    lst = services.open_list(sites[0], request.user)
    return redirect("filing:detail", lst.pk)


@_staff_login
@require_http_methods(["GET"])
def county(request):
    sites = selectors.county_sites(request.user)
    if not sites and selectors.township_sites(request.user):  # a township head reaches their own list
        return redirect("filing:township")
    if not sites:
        raise PermissionDenied("只有县级政务服务中心负责人或管理员可以审核实施清单。")
    return render(request, "filing/county.html", {"county": sites[0], "rows": selectors.county_overview(sites[0])})


def _visible(request, pk: int) -> tuple[ImplementationList, str]:
    lst = ImplementationList.objects.select_related("site", "site__parent").filter(pk=pk).first()
    side = services.side_of(request.user, lst) if lst else None
    if side is None:  # another township's list is not even confirmed to exist
        raise Http404("没有找到该实施清单。")
    return lst, side


@_staff_login
@require_http_methods(["GET"])
def detail(request, pk: int):
    lst, side = _visible(request, pk)
    return _page(request, lst, side)


@_staff_login
@require_POST
def act(request, pk: int):
    lst, side = _visible(request, pk)
    action = request.POST.get("action", "")
    kwargs = {}
    if action in ("add", "remove"):
        kwargs["item"] = get_object_or_404(Item, pk=request.POST.get("item") or 0)
        kwargs["remove"] = action == "remove"
        action = "edit"
    if action == "return":
        kwargs["reason"] = request.POST.get("reason", "")
    try:
        services.perform(lst, action, request.user, **kwargs)
    except ValueError:
        messages.error(request, "未知的操作。")
    except DomainError as error:
        messages.error(request, error.message)
        lst.refresh_from_db()
        return _page(request, lst, side, status=403 if error.status == 403 else 400)
    else:
        messages.success(request, "已保存。")
    return redirect("filing:detail", lst.pk)
