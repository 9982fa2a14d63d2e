"""网上咨询 (issue 15 §6, R-25, R-52): a citizen asks about an item online; the staff posted at
the site's 综合咨询 window (A岗 or B岗) answer at the workbench — no other clerk, not the head; the citizen is told; a question unanswered past its working-day
limit raises one supervision alert."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from yichuang.cases.tests.factories import make_world
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.consult import services
from yichuang.consult.models import Question
from yichuang.notify.models import Message
from yichuang.org.models import Post, StaffRole, Window
from yichuang.org.tests.factories import PostFactory, StaffRoleFactory, TownshipSiteFactory, WindowFactory
from yichuang.people.tests.factories import make_citizen_id
from yichuang.portal.tests.factories import citizen
from yichuang.supervision.models import Alert

from .factories import post_at_consult_window

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)  # the tests' today, a Monday


def asked(world=None, text="户口簿复印件可以吗?"):
    """A question at the world's site, whose clerk holds the A post at its 综合咨询 window."""
    world = world or make_world()
    post_at_consult_window(world.clerk, world.site)
    account = citizen()
    return world, account, services.ask(account.user, account.applicant, world.site, world.version.item, text)


def test_a_question_is_due_the_second_working_day_after_it_is_asked():
    _, _, question = asked()
    assert question.due_on == dt.date(2026, 6, 17)


def test_an_empty_question_is_refused_in_chinese():
    world, account = make_world(), citizen()
    with pytest.raises(DomainError) as exc:
        services.ask(account.user, account.applicant, world.site, world.version.item, "   ")
    assert exc.value.message == "请填写咨询内容。" and not Question.objects.exists()


def test_a_full_id_number_typed_into_a_question_is_not_kept():
    number = make_citizen_id(42)
    _, _, question = asked(text=f"我的身份证{number}能办吗")
    assert number not in question.text


def test_the_sites_clerk_answers_and_the_citizen_is_told():
    world, account, question = asked()
    services.answer(question, world.clerk, "可以,须加盖村委会公章。")
    question.refresh_from_db()
    assert question.answered_by == world.clerk
    assert Message.objects.filter(applicant=account.applicant, kind=Message.Kind.ANSWER).exists()


def test_staff_of_another_site_cannot_answer():
    _, _, question = asked()
    stranger = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.CLERK).user
    with pytest.raises(NotAllowed):
        services.answer(question, stranger, "可以")


def test_the_b_post_of_the_consult_window_may_answer():
    world, _, question = asked()
    stand_in = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK).user
    post_at_consult_window(stand_in, world.site, Post.Position.B)
    assert services.answer(question, stand_in, "可以").answered_by == stand_in


def test_a_clerk_of_the_site_without_the_consult_post_is_refused():
    world, _, question = asked()
    intake_clerk = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK).user
    PostFactory(window=WindowFactory(site=world.site, type=Window.Type.INTAKE), staff=intake_clerk)
    with pytest.raises(NotAllowed) as exc:
        services.answer(question, intake_clerk, "可以")
    assert "综合咨询窗口" in exc.value.message and Question.objects.get().answered_at is None


def test_the_centres_head_without_the_consult_post_is_refused():
    world, _, question = asked()
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD).user
    with pytest.raises(NotAllowed):
        services.answer(question, head, "可以")


def test_a_clerk_without_the_consult_post_neither_sees_nor_answers_at_the_workbench():
    world, _, question = asked()
    intake_clerk = StaffRoleFactory(site=world.site, role=StaffRole.Role.CLERK).user
    desk = Client()
    desk.force_login(intake_clerk)
    assert question.text not in desk.get(reverse("workbench:consult")).content.decode()
    response = desk.post(reverse("workbench:consult_answer", args=[question.pk]), {"answer": "可以"})
    assert response.status_code == 404 and Question.objects.get().answered_at is None


def test_a_question_is_answered_once():
    world, _, question = asked()
    services.answer(question, world.clerk, "可以")
    with pytest.raises(DomainError) as exc:
        services.answer(question, world.clerk, "再答一次")
    assert exc.value.code == "already_answered"


def test_an_unanswered_question_past_its_day_raises_one_alert():
    _, _, question = asked()
    assert services.scan_overdue(question.due_on) == 0
    assert services.scan_overdue(question.due_on + dt.timedelta(days=1)) == 1
    assert services.scan_overdue(question.due_on + dt.timedelta(days=2)) == 0
    alert = Alert.objects.get(rule=Alert.Rule.CONSULT_OVERDUE)
    assert alert.site == question.site and alert.subject == question.subject


def test_an_answered_question_raises_no_alert():
    world, _, question = asked()
    services.answer(question, world.clerk, "可以")
    assert services.scan_overdue(question.due_on + dt.timedelta(days=5)) == 0


def test_the_citizen_asks_from_the_item_page_and_the_consult_window_answers_at_the_workbench():
    world, account = make_world(), citizen()
    post_at_consult_window(world.clerk, world.site)
    hall = Client()
    hall.force_login(account.user)
    url = reverse("portal:consult", args=[world.site.code, world.version.item.basic_code])
    assert hall.post(url, {"text": "要带原件吗?"}).status_code == 302
    question = Question.objects.get()
    desk = Client()
    desk.force_login(world.clerk)
    assert "要带原件吗?" in desk.get(reverse("workbench:consult")).content.decode()
    desk.post(reverse("workbench:consult_answer", args=[question.pk]), {"answer": "要带原件。"})
    assert "要带原件。" in hall.get(url).content.decode()


def test_a_refused_question_keeps_what_was_typed():
    world, account = make_world(), citizen()
    hall = Client()
    hall.force_login(account.user)
    url = reverse("portal:consult", args=[world.site.code, world.version.item.basic_code])
    response = hall.post(url, {"text": "问" * 600})
    assert response.status_code == 400 and "不能超过500字" in response.content.decode()
