"""No English on the floor's pages (issue 20 §6 rule, tests/words): the kiosk, its ticket, the
call screen, the clerk's panel, the head's overview, planning and assessment pages."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.words.test_no_english_on_pages import english_words
from yichuang.floor import services

from .factories import kiosk_client

pytestmark = pytest.mark.django_db


def test_no_floor_page_shows_an_english_word(hall):
    services.issue(hall.site, "A", green_reason="elderly")
    services.call_next(hall.window, hall.clerk)
    kiosk = kiosk_client(hall.kiosk_token)
    clerk, head = Client(), Client()
    clerk.force_login(hall.clerk)
    head.force_login(hall.head)
    code = hall.site.code
    pages = {
        "kiosk": kiosk.get(reverse("floor:kiosk")),
        "ticket": kiosk.post(reverse("floor:kiosk"), {"category": "A"}, follow=True),
        "no kiosk": Client().get(reverse("floor:kiosk")),
        "screen": Client().get(reverse("floor:screen", args=[code])),
        "clerk home": clerk.get(reverse("workbench:home")),
        "overview": head.get(reverse("floor:overview", args=[code])),
        "planning": head.get(reverse("floor:planning", args=[code])),
        "assessment": head.get(reverse("floor:assessment", args=[code])),
        "bind kiosk": head.get(reverse("floor:bind_kiosk", args=[code])),
    }
    found = {name: english_words(r.content.decode()) for name, r in pages.items()}
    assert not any(found.values()), found
