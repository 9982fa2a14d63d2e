"""The catalogue administrator's upload page (from the admin: 事项目录导入 → 增加) and the
progress fragment it polls (htmx, every second, until the job is finished)."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from . import progress, services, tasks
from .models import ImportJob

PERMISSION = "exchange.add_importjob"


def _allowed(request) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied("只有事项目录管理员可以导入省级目录。")


@require_http_methods(["GET", "POST"])
@staff_member_required
def upload(request):
    _allowed(request)
    error = ""
    if request.method == "POST":
        file = request.FILES.get("file")
        if file is None or not file.name.lower().endswith((".json", ".xlsx")):
            error = "请选择 .json 或 .xlsx 格式的交换文件。"
        else:
            job = services.upload(file.name, file.read(), request.user)
            tasks.import_job(job.pk)
            return redirect("exchange:job", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return render(request, "exchange/upload.html", {"jobs": jobs, "error": error}, status=400 if error else 200)


@require_GET
@staff_member_required
def job(request, pk: int):
    _allowed(request)
    return render(request, "exchange/job.html", _state(get_object_or_404(ImportJob, pk=pk)))


@require_GET
@staff_member_required
def job_progress(request, pk: int):
    _allowed(request)
    return render(request, "exchange/_progress.html", _state(get_object_or_404(ImportJob, pk=pk)))


def _state(job: ImportJob) -> dict:
    finished = job.status in (ImportJob.Status.DONE, ImportJob.Status.REFUSED)
    now = progress.read(job.pk)
    percent = 100 if finished else int(100 * now["done"] / max(now["total"], 1))
    return {"job": job, "finished": finished, "now": now, "percent": percent}
