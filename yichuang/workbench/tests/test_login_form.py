"""The staff login refuses input authentication must never see (issue 13)."""

import pytest

from yichuang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["长" * 20_000, "9" * 5000, "a\x01b"])
def test_an_impossible_username_is_the_form_again_with_its_error(client, username):
    response = client.post("/workbench/login/", {"username": username, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_an_overlong_password_is_refused_like_a_wrong_one(client):
    user = UserFactory()
    response = client.post("/workbench/login/", {"username": user.username, "password": "长" * 20_000})
    assert response.status_code == 200 and "用户名或密码不正确" in response.content.decode()


def test_a_correct_login_still_logs_in(client):
    user = UserFactory()
    user.set_password("yichuang-demo-2026")
    user.save()
    response = client.post("/workbench/login/", {"username": user.username, "password": "yichuang-demo-2026"})
    assert response.status_code == 302
