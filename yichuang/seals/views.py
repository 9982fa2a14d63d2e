"""The public verification pages (/verify/…): no login, rate-limited per IP, never cached by a
proxy (a verdict can change when a record changes). Thin: `verification` decides."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from yichuang.common.ratelimit import ip_retry_after, too_many_requests

from . import verification
from .pdf import format_code

DEFAULT_RATE = "30/min"
DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024  # a sealed result document is ~100 KB; 10 MB leaves room for scans


def _setting(name: str, default):
    return getattr(settings, "YICHUANG", {}).get(name, default)


def retry_after(request) -> int:
    """Seconds to wait, 0 if allowed, per client address (the shared proxy-aware rule)."""
    return ip_retry_after(request, "seals:verify", _setting("VERIFY_RATE", DEFAULT_RATE))


def _limited(view):
    def wrapped(request, *args, **kwargs):
        wait = retry_after(request)
        if wait:
            return too_many_requests(request, wait, "seals/rate_limited.html")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _read_upload(request) -> tuple[bytes | None, str]:
    """(bytes, error message). The declared length is checked before Django parses the body."""
    limit = int(_setting("VERIFY_UPLOAD_MAX_BYTES", DEFAULT_MAX_UPLOAD))
    if int(request.META.get("CONTENT_LENGTH") or 0) > limit + 64 * 1024:
        return None, f"文件过大:请上传不超过{limit // (1024 * 1024)}MB的PDF文件。"
    upload = request.FILES.get("document")
    if upload is None:
        return None, "请选择要核验的PDF文件。"
    if upload.size > limit:
        return None, f"文件过大:请上传不超过{limit // (1024 * 1024)}MB的PDF文件。"
    data = upload.read()
    if not verification.looks_like_pdf(data):
        return None, "该文件不是PDF文件,请上传加盖电子印章的PDF原件。"
    return data, ""


def _result(request, verdict, *, code: str = "", uploaded: bool = False, status: int = 200):
    context = {"verdict": verdict, "code": format_code(code), "raw_code": code, "uploaded": uploaded}
    return render(request, "seals/result.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
@_limited
def index(request):
    """Enter a code, or upload a file."""
    if request.method == "GET":
        code = verification.normalise_code(request.GET.get("code", ""))
        if code:
            return redirect("seals:verify", code=code)
        return render(request, "seals/index.html", {})
    data, error = _read_upload(request)
    if error:
        return render(request, "seals/index.html", {"error": error}, status=400)
    return _result(request, verification.verify_upload(data), uploaded=True)


@never_cache
@require_http_methods(["GET", "POST"])
@_limited
def verify(request, code: str):
    canonical = verification.normalise_code(code)
    if canonical != code and canonical:
        return redirect("seals:verify", code=canonical)
    if request.method == "POST":
        data, error = _read_upload(request)
        if error:
            return render(request, "seals/index.html", {"error": error, "code": format_code(canonical)}, status=400)
        return _result(request, verification.verify_upload(data, canonical), code=canonical, uploaded=True)
    verdict = verification.verify_code(canonical)
    if verdict is None:
        return render(request, "seals/not_found.html", {"code": format_code(canonical)}, status=404)
    return _result(request, verdict, code=canonical)
