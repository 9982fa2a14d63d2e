"""The project's 403, 404, 500 and CSRF-failure answers (issue 20 §6): a Chinese page for people —
the hall, the workbench, supervision, the admin — saying what happened and where to go next; the
API (/api/) keeps its structured JSON errors, as common.errors gives them for its own views.

A staff member's page keeps the staff bar (links of their roles, logout), so an error is never a
dead end. The 500 page renders with no database read and no request context beyond the path:
it must work when the database is what failed."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

API_PREFIX = "/api/"

PAGES = {
    403: ("无权访问", "您的账号无权打开这个页面。"),
    404: ("页面不存在", "您访问的页面不存在,可能是地址输入有误,或页面已被移除。"),
}
API = {
    403: ("permission_denied", "无权访问。"),
    404: ("not_found", "未找到该资源。"),
    500: ("server_error", "服务器内部错误,请稍后再试。"),
}


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _api(status: int) -> JsonResponse:
    code, message = API[status]
    return JsonResponse(
        {"code": code, "message": message, "errors": []}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _reason(exception) -> str:
    """The Chinese sentence a view raised PermissionDenied/Http404 with (ours are all Chinese);
    Django's own English defaults are not shown."""
    text = str(exception or "").strip() if exception else ""
    return text if text and not text.isascii() else ""


def _page(request, status: int, exception=None):
    if _is_api(request):
        return _api(status)
    title, sentence = PAGES[status]
    context = {
        "title": title,
        "sentence": sentence,
        "reason": _reason(exception),
        "status": status,
        "staff": request.path.startswith(("/workbench/", "/supervision/", "/feedback/tickets/")),
        "admin": request.path.startswith("/admin/"),
    }
    return render(request, "errors/error.html", context, status=status)


def permission_denied(request, exception=None):
    return _page(request, 403, exception)


def page_not_found(request, exception=None):
    return _page(request, 404, exception)


FALLBACK_500 = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统暂时出错</title></head>'
    "<body><h1>系统暂时出错</h1><p>很抱歉,系统处理您的请求时出错,请稍后再试。"
    "政务服务便民热线 12345。</p></body></html>"
)


def server_error(request):
    if _is_api(request):
        return _api(500)
    try:
        return render_plain(request, "errors/500.html", 500)
    except Exception:  # the page of last resort must not fail too (e.g. static files not collected)
        return HttpResponse(FALLBACK_500, status=500)


def render_plain(request, template: str, status: int, context: dict | None = None):
    return HttpResponse(loader.get_template(template).render(context or {}), status=status)


def csrf_failure(request, reason: str = ""):
    """The form's security token is missing or stale (a page left open past the session, or
    cookies blocked): say so and how to retry. Never details of the check to the public."""
    if _is_api(request):
        return JsonResponse(
            {"code": "csrf_failed", "message": "请求缺少有效的安全令牌,请刷新页面后重试。", "errors": []},
            status=403,
            json_dumps_params={"ensure_ascii": False},
        )
    return render(
        request, "errors/csrf.html", {"staff": request.path.startswith(("/workbench/", "/supervision/"))}, status=403
    )
