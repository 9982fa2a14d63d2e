"""Every admin list page renders, in Chinese, for a superuser (issue 2 §5: admin in Chinese)."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.urls import reverse

from yichuang.org.tests.factories import UserFactory

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.fixture
def superuser_client(client, db):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS, ids=[m._meta.label for m in MODELS])
def test_every_admin_list_page_renders(superuser_client, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert superuser_client.get(url).status_code == 200


def test_the_admin_speaks_chinese(superuser_client):
    page = superuser_client.get("/admin/").content.decode()
    assert "一窗通 政务服务管理后台" in page and "事项目录" in page and "组织机构" in page


def test_the_login_throttling_section_is_named_in_chinese(superuser_client):
    page = superuser_client.get("/admin/").content.decode()
    assert "登录限制" in page and "登录尝试" in page and "登录日志" in page
    assert "Axes" not in page and "Access attempts" not in page and "access attempts" not in page.lower()


def test_the_login_attempt_list_has_chinese_columns(superuser_client):
    AccessAttempt.objects.create(
        user_agent="test",
        ip_address="127.0.0.1",
        username="ft_clerk1",
        http_accept="*/*",
        path_info="/workbench/login/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )
    page = superuser_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "IP 地址" in page and "尝试时间" in page and "User Agent" not in page and "Attempt Time" not in page
