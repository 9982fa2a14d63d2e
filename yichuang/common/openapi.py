"""OpenAPI postprocessing: every operation documents the structured errors it can answer.

Every API view answers its refusals in one shape (yichuang.common.errors; under /api/ also for
addresses no view handles, yichuang.common.middleware), so the schema says so once for all apps
instead of each view repeating it: 400 (input), 404 (unknown or invisible), 405, 429 (rate
limit), and 403 where the operation needs a login. A view's own description of a status wins.
"""

from __future__ import annotations

ERROR_REF = {"$ref": "#/components/schemas/StructuredError"}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message", "errors"],
    "properties": {
        "code": {"type": "string", "description": "错误代码(稳定,供程序判断)"},
        "message": {"type": "string", "description": "中文说明"},
        "errors": {
            "type": "array",
            "description": "逐项错误",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": {"type": "string", "nullable": True},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
COMMON = {
    "400": "输入有误(validation_failed 等)",
    "404": "未找到或无权查看",
    "405": "不支持该请求方法",
    "429": "请求过于频繁",
}
NEEDS_LOGIN = {"403": "未登录或无权办理"}


def document_structured_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("StructuredError", ERROR_SCHEMA)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            anonymous_allowed = {} in operation.get("security", [{}])
            errors = COMMON if anonymous_allowed else {**COMMON, **NEEDS_LOGIN}
            for status, description in errors.items():
                operation["responses"].setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}
                )
    return result
