"""The workbench form of a case step, made from the step's input (cases.inputs) — never
written per action, so a new step in the table (cases.steps) gets its form with no edit here.

The form renders the serializer's fields as HTML inputs (labels from the serializer) and
validates a posted form with the same serializer the API uses: the workbench and the API accept
exactly the same input. What a field may choose from on this case (the item's special
procedures, the centre's departments, the open notice's materials …) comes from `CHOICES`,
keyed by the input field's name, so it serves every step that takes such a field.
"""

from __future__ import annotations

from django import forms
from rest_framework import serializers as drf

from yichuang.cases.models import CaseMaterial, JointTask
from yichuang.cases.services.common import front_desk_site, window_sites
from yichuang.catalog.models.parts import SpecialProcedure
from yichuang.org.models import User

LONG_TEXT = 300  # a text field of this length or more is a textarea
YES_NO = {"granted": ("同意", "不同意")}


def _special_kinds(case, user):
    labels = dict(SpecialProcedure.Kind.choices)
    # .all(): the case page has them loaded (cases.selectors.case_view), in the same order
    return [(p.kind, labels.get(p.kind, p.kind)) for p in case.item_version.specialprocedures.all()]


def _departments(case, user):
    return [(d.pk, d.name) for d in front_desk_site(case).departments.order_by("name")]


def _notice_materials(case, user):
    notice = case.supplement_notices.filter(supplied_at__isnull=True).last()
    return (
        [(line.material_id, line.material.name) for line in notice.lines.select_related("material")] if notice else []
    )


def _deferred_materials(case, user):
    rows = case.materials.filter(status=CaseMaterial.Status.DEFERRED).select_related("material")
    return [
        (
            r.material_id,
            f"{r.material.name}(承诺 {r.promised_by:%Y-%m-%d} 前补交)" if r.promised_by else r.material.name,
        )
        for r in rows
    ]


def _my_joint_tasks(case, user):
    mine = {r.department_id for r in user.staff_roles.all() if r.role == "approver"}
    return [
        (t.pk, t.department.name)
        for t in case.joint_tasks.select_related("department").order_by("pk")
        if t.status == JointTask.Status.PENDING and t.department_id in mine
    ]


def _county_above(case, user):
    parent = front_desk_site(case).parent
    return [(parent.code, parent.name)] if parent else []


def _trackers(case, user):
    people = (
        User.objects.filter(staff_roles__site__in=window_sites(case), is_active=True).distinct().order_by("username")
    )
    return [(u.username, u.full_name or u.username) for u in people]


CHOICES = {
    "kind": _special_kinds,
    "departments": _departments,
    "received": _notice_materials,
    "material_ids": _deferred_materials,
    "task": _my_joint_tasks,
    "to_site": _county_above,
    "tracker": _trackers,
}
INITIAL = {
    "to_site": lambda case, user: front_desk_site(case).parent_id and front_desk_site(case).parent.code,
    "tracker": lambda case, user: user.username,
    "granted": lambda case, user: "true",
    "task": lambda case, user: next((pk for pk, _ in _my_joint_tasks(case, user)), None),
}


class Offered(forms.ChoiceField):
    """Shows what the case offers; what was posted is judged by the step (serializer, then
    perform), exactly as the same value sent to the API would be."""

    def valid_value(self, value) -> bool:
        return True


class OfferedMany(forms.MultipleChoiceField):
    def valid_value(self, value) -> bool:
        return True


class StepForm(forms.Form):
    def __init__(self, act, case, user, data=None):
        super().__init__(data, prefix=act.action.value)
        self.act, self.rows, self._lists = act, [], set()
        for name, field in act.input().fields.items():
            if isinstance(field, drf.DictField):
                self._notice_rows(case)
                continue
            made = self._field(name, field, case, user)
            made.required = False  # the serializer judges (and names) what is missing, as for the API
            if name in INITIAL:
                made.initial = INITIAL[name](case, user)
            self.fields[name] = made

    def _field(self, name, field, case, user):
        label, required = str(field.label or field.help_text or name), field.required
        listed = CHOICES[name](case, user) if name in CHOICES else None
        if isinstance(field, drf.ListField):
            self._lists.add(name)
            return OfferedMany(label=label, required=False, choices=listed or [], widget=forms.CheckboxSelectMultiple)
        if isinstance(field, drf.BooleanField):
            yes, no = YES_NO.get(name, ("是", "否"))
            return forms.ChoiceField(label=label, choices=[("true", yes), ("false", no)], widget=forms.RadioSelect)
        if isinstance(field, drf.ChoiceField):
            choices = list(field.choices.items())
            return forms.ChoiceField(
                label=label,
                required=required,
                widget=forms.RadioSelect,
                choices=choices if required else [("", "—"), *choices],
            )
        if listed is not None:
            widget = forms.RadioSelect if isinstance(field, drf.IntegerField) else forms.Select
            return Offered(label=label, choices=listed if required else [("", "—"), *listed], widget=widget)
        if isinstance(field, drf.IntegerField):
            return forms.IntegerField(
                label=label, required=required, min_value=field.min_value, max_value=field.max_value
            )
        long = (field.max_length or 0) >= LONG_TEXT
        return forms.CharField(
            label=label,
            required=required,
            max_length=field.max_length,
            widget=forms.Textarea(attrs={"rows": 2}) if long else None,
        )

    def _notice_rows(self, case):
        """一次性告知: one checkbox and one reason per material of the case."""
        rows = getattr(case, "_prefetched_objects_cache", {}).get("materials")  # the case page's, in this order
        if rows is None:
            rows = case.materials.select_related("material").order_by("material__order", "material_id")
        for row in rows:
            pick, reason = f"m_{row.material_id}", f"reason_{row.material_id}"
            needs = row.status in (CaseMaterial.Status.MISSING, CaseMaterial.Status.REJECTED)
            self.fields[pick] = forms.BooleanField(
                label=f"{row.material.name}({row.get_status_display()})", required=False, initial=needs
            )
            self.fields[reason] = forms.CharField(
                label=f"“{row.material.name}”补正原因", required=False, max_length=300
            )
            self.rows.append((self[pick], self[reason]))

    def step_data(self) -> dict | None:
        """The step's input as its serializer validated it, or None with the errors on the form."""
        if not self.is_valid():
            return None
        d, payload = self.cleaned_data, {}
        for name, field in self.act.input().fields.items():
            if isinstance(field, drf.DictField):
                payload[name] = {
                    key[2:]: d.get(f"reason_{key[2:]}", "")
                    for key, value in d.items()
                    if key.startswith("m_") and value
                }
            elif name in d and d[name] not in (None, ""):
                payload[name] = d[name]
        serializer = self.act.input(data=payload)
        if serializer.is_valid():
            return dict(serializer.validated_data)
        for name, errors in serializer.errors.items():
            messages = errors if isinstance(errors, list) else [str(v) for v in _flatten(errors)]
            self.add_error(name if name in self.fields else None, [str(m) for m in messages])
        return None


def _flatten(errors):
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _flatten(value)
    elif isinstance(errors, list):
        for value in errors:
            yield from _flatten(value)
    else:
        yield errors
