"""Forms of the intake screen (收件): who applies, the materials checklist, the application
form and how the window finishes (R-20–R-23, R-28)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.workflow import Action
from yichuang.catalog.models import Material
from yichuang.people.models import Applicant

from . import formfields

Status = CaseMaterial.Status
NUMBER_ERRORS = {"required": "请填写证件号码。"}


class ApplicantLookupForm(forms.Form):
    kind = forms.ChoiceField(label="申请人类型", choices=Applicant.Kind.choices, initial=Applicant.Kind.NATURAL)
    number = forms.CharField(label="证件号码(身份证号或统一社会信用代码)", max_length=18, error_messages=NUMBER_ERRORS)


class Outcome:
    """How the window finishes an intake (seed 001's five kinds, as the front desk decides them)."""

    ACCEPT = Action.ACCEPT.value  # 受理,转后台审批 (承诺件)
    INSTANT = "instant"  # 受理并当场办结 (即办件)
    SUPPLEMENT = Action.REQUEST_SUPPLEMENT.value  # 一次性告知补正 (补办件)
    ESCALATE = Action.ESCALATE.value  # 受理并上报县级 (上报件)
    REFUSE = "refuse"  # 不予受理 (退回件)
    HANDOVER = "handover"  # 帮办代办:收件后交乡镇中心受理

    LABELS = {
        ACCEPT: "受理,转后台审批",
        INSTANT: "受理并当场办结(即办件)",
        SUPPLEMENT: "出具一次性告知书(补办件)",
        ESCALATE: "受理并上报县级审批(上报件)",
        REFUSE: "不予受理(退回件)",
        HANDOVER: "收件,交乡镇便民服务中心受理",
    }


def outcomes_for(version, site, helper: bool) -> list[str]:
    if helper:
        return [Outcome.HANDOVER]
    out = [Outcome.ACCEPT]
    if version.is_instant:
        out = [Outcome.INSTANT, Outcome.ACCEPT]
    if site.parent_id and site.level != "county":
        out.append(Outcome.ESCALATE)
    return [*out, Outcome.SUPPLEMENT, Outcome.REFUSE]


COMMITMENT = "commitment"  # the radio's value for 告知承诺替代; the case records the material as received


class IntakeForm(forms.Form):
    """One row per material of the item's list, the application form, and the outcome.

    A government-issued material the licence store holds gets no input: intake fetches it
    (R-13) and the page shows the licence. Every domain rule (容缺 only for deferrable
    materials, one notice listing everything, reasons for a refusal) stays in the services."""

    name = forms.CharField(label="姓名或名称", required=False, max_length=128)
    phone = forms.CharField(label="联系电话", required=False, max_length=20)
    address = forms.CharField(label="联系地址", required=False, max_length=200)
    # Not required here: "检查受理条件" posts the form without one; the view asks for it on finishing.
    outcome = forms.ChoiceField(label="办理结果", widget=forms.RadioSelect, required=False)
    opinion = forms.CharField(label="办结意见(即办件)", required=False, max_length=500)
    reason = forms.CharField(
        label="不予受理理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    basis = forms.CharField(label="不予受理的法律依据", required=False, max_length=300)

    def __init__(self, *args, version, site, applicant, licences: dict, helper: bool, mandate=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version, self.applicant, self.licences, self.helper, self.mandate = (
            version,
            applicant,
            licences,
            helper,
            mandate,
        )
        self.fields["outcome"].choices = [(o, Outcome.LABELS[o]) for o in outcomes_for(version, site, helper)]
        if len(self.fields["outcome"].choices) == 1:
            self.fields["outcome"].initial = self.fields["outcome"].choices[0][0]
        if applicant is None:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = "首次登记的申请人须填写姓名或名称。"
        self.rows = []
        for material in version.materials.all():
            self.rows.append(self._material_row(material))
        self.specs = formfields.fields_for(version.rules.all())
        formfields.add_form_fields(self, self.specs)
        if helper and mandate is None:
            self.fields["mandate_evidence"] = forms.CharField(
                label="授权依据(如授权委托书编号)", max_length=200, required=False
            )
            self.fields["mandate_until"] = forms.DateField(
                label="授权有效期至",
                required=False,
                initial=timezone.localdate() + dt.timedelta(days=90),
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": "请按“年-月-日”填写日期。"},
            )

    def _material_row(self, material: Material) -> dict:
        row = {"material": material, "licence": self.licences.get(material.pk)}
        if row["licence"] is not None:
            return row
        choices = [(Status.RECEIVED, "已收取"), (Status.MISSING, "缺少"), (Status.REJECTED, "不符合要求")]
        if material.necessity == Material.Necessity.DEFERRABLE:
            choices.append((Status.DEFERRED, "容缺后补"))
        if material.commitment_allowed:  # the applicant signs a 告知承诺书 instead
            choices.append((COMMITMENT, "告知承诺替代"))
        if material.necessity == Material.Necessity.OPTIONAL:
            choices.insert(0, ("", "未提交(非必需)"))
        pick, promised, note = f"m_{material.pk}", f"promised_{material.pk}", f"note_{material.pk}"
        self.fields[pick] = forms.ChoiceField(
            label=material.name, choices=choices, widget=forms.RadioSelect, required=False, initial=choices[0][0]
        )
        if material.necessity == Material.Necessity.DEFERRABLE:
            self.fields[promised] = forms.DateField(
                label="承诺补交日期",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
                error_messages={"invalid": "请按“年-月-日”填写日期。"},
            )
            row["promised"] = self[promised]
        self.fields[note] = forms.CharField(label="说明或补正原因", required=False, max_length=200)
        row.update(pick=self[pick], note=self[note])
        return row

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    # ---- what the services take

    def materials(self):
        out = {}
        for row in self.rows:
            if "pick" not in row:
                continue
            pk = row["material"].pk
            status = self.cleaned_data.get(f"m_{pk}") or ""
            if not status:
                continue
            if status == COMMITMENT:
                note = self.cleaned_data.get(f"note_{pk}", "") or "告知承诺替代"
                out[pk] = MaterialInput(Status.RECEIVED, None, note, commitment=True)
                continue
            out[pk] = MaterialInput(
                status, self.cleaned_data.get(f"promised_{pk}"), self.cleaned_data.get(f"note_{pk}", "")
            )
        return out

    def notice_lines(self) -> dict[int, str]:
        """一次性告知: every material marked missing or wrong, with the clerk's reason (or the
        status itself, so a reason is never empty)."""
        lines = {}
        for pk, entry in self.materials().items():
            if entry.status in (Status.MISSING, Status.REJECTED):
                lines[pk] = entry.note.strip() or ("未提交" if entry.status == Status.MISSING else "不符合要求")
        return lines

    def form_data(self) -> dict:
        return formfields.form_data(self.cleaned_data, self.specs)

    def contact(self) -> dict:
        return {k: self.cleaned_data.get(k, "") for k in ("name", "phone", "address")}

    def form_data_fields(self):
        return [self[s.name] for s in self.specs]
