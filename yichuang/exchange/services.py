"""Upload, then import as a task: the page stays responsive while 50,000 implementations load."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from yichuang.catalog.exchange.importer import ImportRefused, import_file

from .models import ImportJob
from .progress import FileProgress


def upload(name: str, content: bytes, user) -> ImportJob:
    job = ImportJob(name=name[:200], sha256=hashlib.sha256(content).hexdigest(), created_by=user)
    job.file.save(
        f"{job.sha256[:16]}-{'catalog.xlsx' if name.lower().endswith('.xlsx') else 'catalog.json'}",
        ContentFile(content),
        save=False,
    )
    job.save()
    return job


def run(job_id: int) -> ImportJob:
    job = ImportJob.objects.get(pk=job_id)
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.RUNNING)
    with job.file.open("rb") as f:
        content = f.read()
    try:
        report = import_file(job.name, content, actor=job.created_by.username, progress=FileProgress(job_id))
    except ImportRefused as exc:
        job.status, job.errors = (
            ImportJob.Status.REFUSED,
            [{"code": p.code, "message": p.message, **(p.location or {})} for p in exc.problems[:1000]],
        )
    else:
        job.status, job.report = ImportJob.Status.DONE, {"summary": report.summary(), "wrote": report.wrote}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "report", "finished_at"])
    return job
