"""Page forms. They only shape input; the rules live in the services, whose problems are put
back on the matching fields (`add_problems`)."""

from __future__ import annotations

from django import forms

from .models.rating import Level, indicators_for
from .models.ticket import RectificationStep

LEVELS = [(level.value, level.label) for level in sorted(Level, reverse=True)]


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label="您对本次服务的评价",
        choices=LEVELS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择评价等级。"},
    )
    indicators = forms.MultipleChoiceField(
        label="哪些方面不满意?(不满意时至少选一项)", required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label="评价内容(不满意时必填)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    def __init__(self, *args, channel: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = list(indicators_for(channel).items())


class TabletRatingForm(RatingForm):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)


class UnresolvedReportForm(forms.Form):
    site = forms.ChoiceField(label="在哪个服务中心(站点)", error_messages={"required": "请选择服务中心(站点)。"})
    matter = forms.CharField(
        label="想办的事和遇到的问题",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        error_messages={"required": "请写明想办的事和遇到的问题。"},
    )
    place = forms.CharField(label="在哪个窗口或部门(可不填)", max_length=100, required=False)
    name = forms.CharField(label="怎么称呼您(可不填)", max_length=32, required=False)
    phone = forms.CharField(
        label="联系电话(用于回访,提交后只显示部分号码)",
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": "请填写联系电话,以便回访。"},
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "请选择")] + [(s.code, s.name) for s in sites]


class NoteForm(forms.Form):
    note = forms.CharField(
        label="情况说明",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写情况说明。"},
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label="办结说明(可不填)", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CallBackForm(NoteForm):
    result = forms.ChoiceField(
        label="回访结果",
        choices=RectificationStep.Result.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择回访结果。"},
    )


def add_problems(form: forms.Form, error) -> None:
    """Put a service's problems on the form: on their field when the form has it, else on top."""
    for problem in error.problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)
