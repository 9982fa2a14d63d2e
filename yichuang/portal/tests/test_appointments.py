"""预约 (issue 6; R-29): slots from the item's daily quota, book, cancel, check in at the hall."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from yichuang.cases.tests.factories import make_world
from yichuang.common.errors import Conflict, DomainError, NotAllowed
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory

from ..models import Booking, Slot
from ..services import appointments
from .factories import logged_in_account

pytestmark = pytest.mark.django_db
TOMORROW = dt.date(2026, 6, 16)  # the tests' today is Monday 2026-06-15


def quota_world(quota=11):
    return make_world(appointment_daily_quota=quota)


def test_a_days_slots_share_the_items_daily_quota():
    world = quota_world(quota=25)
    slots = appointments.ensure_slots(world.site, world.version, TOMORROW)
    assert sum(s.capacity for s in slots) == 25 and len(slots) == len(appointments.PERIODS)


def test_an_item_without_a_quota_takes_no_appointments():
    world = make_world()
    with pytest.raises(DomainError) as exc:
        appointments.ensure_slots(world.site, world.version, TOMORROW)
    assert exc.value.code == "no_appointments"


def test_a_day_off_has_no_slots():
    world = quota_world()
    with pytest.raises(DomainError) as exc:
        appointments.ensure_slots(world.site, world.version, dt.date(2026, 6, 20))  # a Saturday
    assert exc.value.code == "not_working_day"


def test_booking_takes_a_place_and_cancelling_gives_it_back():
    world = quota_world()
    slot = appointments.ensure_slots(world.site, world.version, TOMORROW)[0]
    account = logged_in_account()
    booking = appointments.book(account, slot)
    slot.refresh_from_db()
    assert (slot.booked, booking.state) == (1, Booking.State.BOOKED)
    appointments.cancel(account, booking)
    slot.refresh_from_db()
    assert slot.booked == 0


def test_a_full_slot_is_refused():
    world = quota_world()
    slot = appointments.ensure_slots(world.site, world.version, TOMORROW)[0]  # capacity 1
    appointments.book(logged_in_account(), slot)
    with pytest.raises(Conflict) as exc:
        appointments.book(logged_in_account(), slot)
    assert exc.value.code == "slot_full"


def test_the_same_person_books_a_slot_once():
    world = quota_world(quota=22)
    slot = appointments.ensure_slots(world.site, world.version, TOMORROW)[0]
    account = logged_in_account()
    appointments.book(account, slot)
    with pytest.raises(Conflict) as exc:
        appointments.book(account, slot)
    slot.refresh_from_db()
    assert exc.value.code == "already_booked" and slot.booked == 1


def test_only_the_booker_cancels():
    world = quota_world()
    booking = appointments.book(logged_in_account(), appointments.ensure_slots(world.site, world.version, TOMORROW)[0])
    with pytest.raises(NotAllowed):
        appointments.cancel(logged_in_account(), booking)


def test_a_clerk_of_the_site_checks_in_on_the_day(time_machine):
    world = quota_world()
    booking = appointments.book(logged_in_account(), appointments.ensure_slots(world.site, world.version, TOMORROW)[0])
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 6, 16, 9, 0)))
    booking = appointments.check_in(world.clerk, booking.code.lower())
    assert (booking.state, booking.checked_in_by) == (Booking.State.CHECKED_IN, world.clerk)


def test_check_in_on_another_day_is_refused():
    world = quota_world()
    booking = appointments.book(logged_in_account(), appointments.ensure_slots(world.site, world.version, TOMORROW)[0])
    with pytest.raises(DomainError) as exc:
        appointments.check_in(world.clerk, booking.code)
    assert exc.value.code == "wrong_day"


def test_staff_of_another_site_cannot_check_in():
    world = quota_world()
    booking = appointments.book(logged_in_account(), appointments.ensure_slots(world.site, world.version, TOMORROW)[0])
    stranger = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    with pytest.raises(NotAllowed):
        appointments.check_in(stranger, booking.code)


def test_the_booking_page_books_and_lists_the_booking(client):
    world = quota_world()
    account = logged_in_account()
    client.force_login(account.user)
    url = reverse("portal:book", args=[world.site.code, world.version.item.basic_code])
    page = client.get(url, {"date": TOMORROW.isoformat()}).content.decode()
    slot = Slot.objects.filter(date=TOMORROW).first()
    assert f'value="{slot.pk}"' in page
    response = client.post(url, {"slot": slot.pk})
    assert response["Location"] == reverse("portal:bookings")
    assert Booking.objects.get().code in client.get(reverse("portal:bookings")).content.decode()


def test_a_citizen_cannot_use_the_check_in_page(client):
    client.force_login(logged_in_account().user)
    assert client.get(reverse("portal:check_in")).status_code == 403


def test_an_approver_cannot_use_the_check_in_page(client):
    client.force_login(quota_world().approver)
    assert client.get(reverse("portal:check_in")).status_code == 403


def test_a_clerk_checks_in_through_the_page(client, time_machine):
    world = quota_world()
    booking = appointments.book(logged_in_account(), appointments.ensure_slots(world.site, world.version, TOMORROW)[0])
    time_machine.move_to(timezone.make_aware(dt.datetime(2026, 6, 16, 9, 0)))
    client.force_login(world.clerk)
    client.post(reverse("portal:check_in"), {"code": booking.code})
    booking.refresh_from_db()
    assert booking.state == Booking.State.CHECKED_IN


def test_one_person_books_one_slot_of_an_item_a_day():
    world = quota_world(quota=22)
    first, second = appointments.ensure_slots(world.site, world.version, TOMORROW)[:2]
    account = logged_in_account()
    appointments.book(account, first)
    with pytest.raises(Conflict) as exc:
        appointments.book(account, second)
    second.refresh_from_db()
    assert exc.value.code == "one_a_day" and "每天" in exc.value.message and second.booked == 0


def test_a_cancelled_booking_frees_the_day_for_another_slot():
    world = quota_world(quota=22)
    first, second = appointments.ensure_slots(world.site, world.version, TOMORROW)[:2]
    account = logged_in_account()
    appointments.cancel(account, appointments.book(account, first))
    assert appointments.book(account, second).state == Booking.State.BOOKED


def test_a_person_holds_at_most_the_allowed_open_bookings(settings):
    settings.YICHUANG = {**settings.YICHUANG, "PORTAL_MAX_OPEN_BOOKINGS": 2}
    world = quota_world(quota=22)
    account = logged_in_account()
    for day in (TOMORROW, TOMORROW + dt.timedelta(days=1)):
        appointments.book(account, appointments.ensure_slots(world.site, world.version, day)[0])
    with pytest.raises(Conflict) as exc:
        appointments.book(
            account, appointments.ensure_slots(world.site, world.version, TOMORROW + dt.timedelta(days=2))[0]
        )
    assert exc.value.code == "too_many_bookings" and "2个" in exc.value.message


@pytest.mark.parametrize("slot", ["abc", "1e400", "inf", "９", "-1", "9" * 40])
def test_a_booking_with_a_slot_that_is_not_a_number_is_a_clear_400(client, slot):
    world = quota_world()
    client.force_login(logged_in_account().user)
    url = reverse("portal:book", args=[world.site.code, world.version.item.basic_code])
    response = client.post(url, {"slot": slot})
    assert response.status_code == 400 and "请选择一个时段" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_check_in_code_with_a_control_character_is_answered_as_unknown():
    world = quota_world()
    with pytest.raises(DomainError) as exc:
        appointments.check_in(world.clerk, "AB\x00CD")
    assert exc.value.code == "booking_not_found"
