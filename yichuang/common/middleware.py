"""Every error under /api/ in the structured shape of yichuang.common.errors.

DRF views answer their own errors in that shape, but a request that never reaches one — an
address no pattern matches (a path with a newline escapes the cases catch-all), a 404 or 500
from Django's own handlers — would get Django's HTML page. API clients parse `code`, never prose.
"""

from __future__ import annotations

import json

from django.http import HttpResponse

API_PREFIX = "/api/"
CODES = {
    400: ("bad_request", "请求有误。"),
    403: ("forbidden", "无权访问。"),
    404: ("not_found", "未找到该资源。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    413: ("request_too_large", "请求内容过大。"),
    500: ("server_error", "服务器内部错误,请稍后重试。"),
}


class StructuredApiErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, message = CODES.get(response.status_code, ("error", "请求未能完成。"))
        body = json.dumps({"code": code, "message": message, "errors": []}, ensure_ascii=False)
        structured = HttpResponse(body, status=response.status_code, content_type="application/json")
        for header in ("Allow", "Retry-After"):
            if header in response:
                structured[header] = response[header]
        return structured
