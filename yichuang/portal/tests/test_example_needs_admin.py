"""The 常见问法 list in the admin (decision 0146): a centre's staff see which item or life event
answers each example by name, not by a nine-digit code, and which the centre does not handle."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yichuang.catalog.models import Bundle, StandardItem
from yichuang.catalog.tests.guide_factories import publish_item, township
from yichuang.org.tests.factories import UserFactory
from yichuang.portal.models import ExampleNeed

pytestmark = pytest.mark.django_db
URL = reverse("admin:portal_exampleneed_changelist")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def an_item(code: str, name: str) -> str:
    publish_item(township(), basic_code=code, name=name)
    return StandardItem.objects.get(basic_code=code).name


def test_each_example_shows_the_name_of_the_item_or_life_event_that_answers_it(admin_client):
    item_name = an_item("050010000001", "高龄津贴申请")
    Bundle.objects.create(code="newborn", name="新生儿出生一件事", description="出生一件事")
    ExampleNeed.objects.create(text="老人八十了有钱领吗", answer="050010000")
    ExampleNeed.objects.create(text="娃刚生下来要办啥", answer="bundle:newborn")
    page = admin_client.get(URL).content.decode()
    assert f"{item_name}(050010000)" in page
    assert "新生儿出生一件事(bundle:newborn)" in page


def test_an_example_the_centre_does_not_handle_says_so(admin_client):
    ExampleNeed.objects.create(text="驾照到期了去哪换", answer="")
    assert "本中心不办理(导办答“没有找到”)" in admin_client.get(URL).content.decode()


def test_a_code_no_item_has_is_shown_as_unknown_not_as_another_item(admin_client):
    an_item("050010000001", "高龄津贴申请")
    ExampleNeed.objects.create(text="打错的编码", answer="999999999")
    assert "999999999(目录中没有此编码)" in admin_client.get(URL).content.decode()


def test_the_names_are_read_with_the_list_not_one_query_per_row(admin_client):
    an_item("050010000001", "高龄津贴申请")
    ExampleNeed.objects.create(text="问法0", answer="050010000")
    admin_client.get(URL)  # the session's first read takes its own statement (common/sessions.py)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(URL)
    for n in range(1, 8):
        ExampleNeed.objects.create(text=f"问法{n}", answer="050010000" if n % 2 else "")
    with CaptureQueriesContext(connection) as many:
        admin_client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_list_can_show_only_what_the_centre_does_not_handle(admin_client):
    an_item("050010000001", "高龄津贴申请")
    ExampleNeed.objects.create(text="老人八十了有钱领吗", answer="050010000")
    ExampleNeed.objects.create(text="驾照到期了去哪换", answer="")
    page = admin_client.get(URL, {"kind": "none"}).content.decode()
    assert "驾照到期了去哪换" in page and "老人八十了有钱领吗" not in page
