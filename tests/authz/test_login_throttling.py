"""Login throttling (issue 8; decision 0016): password guessing at the staff login and the admin
login is stopped per address and username; one clerk's typos do not lock out colleagues behind
the same address, and a success clears the count."""

import pytest
from django.test import Client

from yichuang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"  # UserFactory's


def attempt(path: str, username: str, password: str, ip: str = "10.1.1.1"):
    return Client(REMOTE_ADDR=ip).post(path, {"username": username, "password": password})


@pytest.mark.parametrize("path", ["/workbench/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_account_on_that_address(path, settings):
    user = UserFactory(is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(path, user.username, "wrong-password").status_code == 200  # the form again, with its error
    assert attempt(path, user.username, "wrong-password").status_code == 429  # the fifth failure locks
    locked = attempt(path, user.username, PASSWORD)  # and then even the right password waits
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()


def test_the_lock_is_per_address(settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("/workbench/login/", user.username, "wrong-password", ip="10.1.1.1")
    assert attempt("/workbench/login/", user.username, PASSWORD, ip="10.2.2.2").status_code == 302


def test_a_colleague_on_the_same_address_can_still_log_in(settings):
    typist, colleague = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("/workbench/login/", typist.username, "wrong-password")
    assert attempt("/workbench/login/", colleague.username, PASSWORD).status_code == 302


def test_a_success_before_the_limit_clears_the_count(settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt("/workbench/login/", user.username, "wrong-password")
    assert attempt("/workbench/login/", user.username, PASSWORD).status_code == 302
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt("/workbench/login/", user.username, "wrong-password")
    assert attempt("/workbench/login/", user.username, PASSWORD).status_code == 302
