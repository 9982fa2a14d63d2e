"""A township hall with two intake windows, each with its clerk on the A post and signed in,
a bound kiosk and the first window's 评价器: the smallest world of the hall floor."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from yichuang.feedback.tests.factories import FeedbackWorld, make_feedback_world, staff_at
from yichuang.org.models import Post, StaffRole, Window
from yichuang.org.tests.factories import PostFactory, WindowFactory

from .. import device, services, staffing
from ..models import AttendanceMark


@dataclass
class Hall:
    fw: FeedbackWorld
    second_window: object
    second_clerk: object
    kiosk_token: str

    @property
    def site(self):
        return self.fw.site

    @property
    def window(self):
        return self.fw.window

    @property
    def clerk(self):
        return self.fw.clerk

    @property
    def head(self):
        return self.fw.head

    def post(self, window=None):
        return Post.objects.get(window=window or self.window, position=Post.Position.A)


def make_hall() -> Hall:
    fw = make_feedback_world()
    second = WindowFactory(site=fw.site, type=Window.Type.INTAKE)
    clerk2 = staff_at(fw.site, StaffRole.Role.CLERK)
    PostFactory(window=second, staff=clerk2, position=Post.Position.A)
    for window, clerk in ((fw.window, fw.clerk), (second, clerk2)):
        staffing.mark(Post.objects.get(window=window, staff=clerk), clerk, AttendanceMark.Kind.SIGN_IN)
    _, token = services.bind_kiosk(fw.site, fw.head)
    return Hall(fw=fw, second_window=second, second_clerk=clerk2, kiosk_token=token)


def kiosk_client(token: str) -> Client:
    client = Client()
    client.cookies[device.COOKIE] = token
    return client
