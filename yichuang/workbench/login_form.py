"""The staff login form, strict about what it hands to authentication (issue 13).

Django's AuthenticationForm sets the username's max_length after the field is built, so no
length validator runs: a 20,000-character username reaches authenticate(), fails, and django-axes
records the failure in a 255-character column — a 500 on PostgreSQL. Refuse it here first.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from yichuang.common import params
from yichuang.common.errors import DomainError

USERNAME_MAX = 150  # User.username
PASSWORD_MAX = 128  # far above any password we set; hashing megabytes is a denial of service


class StaffLoginForm(AuthenticationForm):
    def clean_username(self):
        return self._checked("username", USERNAME_MAX, "用户名")

    def clean_password(self):
        value = self.cleaned_data.get("password") or ""
        if len(value) > PASSWORD_MAX or params.has_control_characters(value):
            raise forms.ValidationError("用户名或密码不正确。", code="invalid_login")
        return value

    def _checked(self, name: str, max_length: int, label: str) -> str:
        try:
            return params.text(self.cleaned_data.get(name), name, max_length=max_length, label=label)
        except DomainError as err:
            raise forms.ValidationError(err.message, code=err.code)
