"""A NUL character in any query or form value is refused at the door (issue 13).

No field of this product can hold one: PostgreSQL refuses NUL in text and jsonb ("A string literal
cannot contain NUL"), so a value that reaches a query or an INSERT is a 500 there — and SQLite
stores it silently, so the two databases disagree. Checking every view for it found it in a
dozen places; one check before any view runs closes them all. Other control characters are left
to the fields that read them (a tab or a line break is fine in a note).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

from .middleware import API_PREFIX

MESSAGE = "提交的内容含有无法识别的控制字符(NUL),请删除后重新填写。"


def field_with_nul(values) -> str | None:
    """The name of the first field of a QueryDict whose name or value holds a NUL, else None."""
    for key, items in values.lists():
        if "\x00" in key or any(isinstance(v, str) and "\x00" in v for v in items):
            return key.replace("\x00", "") or "?"
    return None


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _reads_form(request) -> bool:
        """Pages: the form as the CSRF check would parse it anyway (cached for the view). Under /api/
        only a url-encoded body: parsing a multipart stream here would leave request.body unreadable
        for a view that verifies a signature over the raw bytes; JSON is the strict parser's to check."""
        if not request.path.startswith(API_PREFIX):
            return True
        return request.content_type == "application/x-www-form-urlencoded"

    def __call__(self, request):
        field = field_with_nul(request.GET)
        if field is None and request.method == "POST" and self._reads_form(request):
            field = field_with_nul(request.POST)
        if field is None:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            return JsonResponse(
                {
                    "code": "control_character",
                    "message": MESSAGE,
                    "errors": [{"field": field, "code": "control_character", "message": MESSAGE}],
                },
                status=400,
                json_dumps_params={"ensure_ascii": False},
            )
        return render(request, "errors/bad_input.html", {"message": MESSAGE}, status=400)
