"""我的设置: how the citizen is told — by SMS to the phone on record and in the hall's 消息 list
(R-25; issue 15 §3). The choice is the acting applicant's (a company's representative sets the
company's); the notices the law requires reach them by every channel whatever is chosen, and the
page says which."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from yichuang.notify import services as notify
from yichuang.notify.models import Message
from yichuang.people.numbers import mask_phone

from .common import citizen_required


@citizen_required
@require_http_methods(["GET", "POST"])
def my_settings(request):
    applicant = request.applicant
    if request.method == "POST":
        notify.set_channels(applicant, sms=request.POST.get("sms") == "on", hall=request.POST.get("hall") == "on")
        messages.success(request, "通知方式已保存。")
        return redirect("portal:settings")
    required = [label for value, label in Message.Kind.choices if value in notify.REQUIRED_KINDS]
    context = {
        "preference": notify.preference_of(applicant),
        "phone": mask_phone(applicant.phone) if applicant.phone else "",
        "required": required,
        "applicant": applicant,
        "nav": "settings",
    }
    return render(request, "portal/settings.html", context)
