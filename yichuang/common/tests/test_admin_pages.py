"""Every admin list page renders, in Chinese, for a superuser (issue 2 §5: admin in Chinese)."""
import pytest
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
