"""One form per workflow action: the fields its service takes, labelled in Chinese."""
from __future__ import annotations

from django import forms

from yichuang.cases.models import CaseMaterial, Delivery
from yichuang.cases.services.common import front_desk_site
from yichuang.cases.workflow import Action
from yichuang.catalog.models.parts import SpecialProcedure


class ConfirmForm(forms.Form):
    """An action with nothing to fill in (受理, 开始审查, 制证待送达, 上报)."""


class OpinionForm(forms.Form):
    opinion = forms.CharField(label="意见", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonBasisForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label="法律依据", required=False, max_length=300)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(forms.Form):
    result = forms.CharField(label="特别程序结果", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    days = forms.IntegerField(label="延长工作日", min_value=1, max_value=365,
                              error_messages={"required": "请填写延长的工作日数。", "invalid": "请填写整数。",
                                              "min_value": "至少延长1个工作日。"})
    reason = forms.CharField(label="延期理由", required=False, max_length=300)


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=Delivery.Method.choices, widget=forms.RadioSelect,
                               initial=Delivery.Method.WINDOW)
    tracking_number = forms.CharField(label="快递单号(邮政快递时必填)", required=False, max_length=40)


class SpecialForm(forms.Form):
    kind = forms.ChoiceField(label="特别程序")
    reason = forms.CharField(label="理由", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        listed = case.item_version.specialprocedures.values_list("kind", flat=True)
        labels = dict(SpecialProcedure.Kind.choices)
        self.fields["kind"].choices = [(k, labels.get(k, k)) for k in listed]


class EscalationResultForm(forms.Form):
    status_note = forms.CharField(label="最新进度", max_length=300, required=False)
    external_number = forms.CharField(label="上级办件编号", max_length=64, required=False)
    decision = forms.ChoiceField(label="上级审批结果", required=False,
                                 choices=[("", "尚未决定"), ("granted", "准予"), ("denied", "不予")])
    reason = forms.CharField(label="不予理由", max_length=500, required=False)


class JointForm(forms.Form):
    departments = forms.MultipleChoiceField(label="联办部门(两个及以上)", widget=forms.CheckboxSelectMultiple,
                                            required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].choices = [(d.pk, d.name) for d in front_desk_site(case).departments.order_by("name")]


class SupplementForm(forms.Form):
    """补正材料: tick what the applicant brought (the open notice's lines)."""

    received = forms.MultipleChoiceField(label="已补交的材料", widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        notice = case.supplement_notices.filter(supplied_at__isnull=True).last()
        lines = notice.lines.select_related("material") if notice else []
        self.fields["received"].choices = [(line.material_id, line.material.name) for line in lines]


class SupplementNoticeForm(forms.Form):
    """一次性告知: one checkbox and one reason per material of the case."""

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in case.materials.select_related("material").order_by("material__order", "material_id"):
            pick, reason = f"m_{row.material_id}", f"reason_{row.material_id}"
            needs = row.status in (CaseMaterial.Status.MISSING, CaseMaterial.Status.REJECTED)
            self.fields[pick] = forms.BooleanField(label=f"{row.material.name}({row.get_status_display()})",
                                                   required=False, initial=needs)
            self.fields[reason] = forms.CharField(label=f"“{row.material.name}”补正原因", required=False,
                                                  max_length=300)
            self.rows.append((self[pick], self[reason]))

    def lines(self) -> dict[int, str]:
        return {int(name[2:]): self.cleaned_data.get(f"reason_{name[2:]}", "")
                for name, value in self.cleaned_data.items() if name.startswith("m_") and value}


FORMS = {
    Action.ACCEPT: ConfirmForm, Action.REQUEST_SUPPLEMENT: SupplementNoticeForm, Action.SUPPLEMENT: SupplementForm,
    Action.REFUSE_INTAKE: ReasonBasisForm, Action.DECIDE_INSTANTLY: OpinionForm, Action.START_REVIEW: ConfirmForm,
    Action.DISPATCH_JOINT: JointForm, Action.ESCALATE: ConfirmForm, Action.RECORD_ESCALATION_RESULT: EscalationResultForm,
    Action.START_SPECIAL: SpecialForm, Action.END_SPECIAL: ResultForm, Action.EXTEND: ExtendForm,
    Action.APPROVE: OpinionForm, Action.DENY: ReasonBasisForm, Action.PREPARE_DELIVERY: ConfirmForm,
    Action.DELIVER: DeliverForm, Action.WITHDRAW: ReasonForm, Action.TERMINATE: ReasonBasisForm,
}
NEEDS_CASE = {SpecialForm, JointForm, SupplementForm, SupplementNoticeForm}


def form_for(action: str, case, data=None):
    cls = FORMS[action]
    return cls(data, case=case, prefix=action) if cls in NEEDS_CASE else cls(data, prefix=action)


class JointAnswerForm(forms.Form):
    """联办: one department's answer to its task (all must agree for a grant)."""

    granted = forms.ChoiceField(label="本部门意见", widget=forms.RadioSelect, initial="yes",
                                choices=[("yes", "同意"), ("no", "不同意")])
    opinion = forms.CharField(label="意见(不同意时必填)", required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DeferredForm(forms.Form):
    """容缺后补: tick the promised materials the applicant has now brought."""

    received = forms.MultipleChoiceField(label="已补交的容缺材料", widget=forms.CheckboxSelectMultiple,
                                         error_messages={"required": "请勾选已补交的材料。"})

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received"].choices = [
            (row.material_id, f"{row.material.name}(承诺 {row.promised_by:%Y-%m-%d} 前补交)" if row.promised_by
             else row.material.name) for row in rows]
