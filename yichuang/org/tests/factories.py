"""Factories for org. Codes are generated valid (region codes, USCC check characters)."""

import factory

from yichuang.common.idnumbers import USCC_ALPHABET, uscc_check_char
from yichuang.org.models import Department, Leave, Post, Region, Site, StaffRole, User, Window


def make_uscc(n: int) -> str:
    body = "12" + "330000" + "".join(USCC_ALPHABET[(n // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


class CountyRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "330999000000"
    name = "示范县"
    level = Region.Level.COUNTY


class TownshipRegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    parent = factory.SubFactory(CountyRegionFactory)
    # Three digits for the township: wrap around so a long run (thousands of tests, one sequence)
    # never makes a 13-character code; one test never creates 900 townships.
    code = factory.Sequence(lambda n: f"330999{100 + n % 900:03d}000")
    name = factory.Sequence(lambda n: f"第{n}镇")
    level = Region.Level.TOWNSHIP


class CountySiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site
        django_get_or_create = ["code"]

    region = factory.SubFactory(CountyRegionFactory)
    code = factory.SelfAttribute("region.code")
    name = "示范县人民政府政务服务中心"
    level = Site.Level.COUNTY
    address = "示范县人民路1号"
    hours = "周一至周五 8:30-12:00 14:30-17:30"
    phone = "0571-12345678"


class TownshipSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    region = factory.SubFactory(TownshipRegionFactory)
    parent = factory.SubFactory(CountySiteFactory)
    code = factory.SelfAttribute("region.code")
    name = factory.LazyAttribute(lambda o: Site.standard_name(Site.Level.TOWNSHIP, "示范县", o.region.name))
    level = Site.Level.TOWNSHIP
    address = factory.LazyAttribute(lambda o: f"{o.region.name}政府大院")
    hours = "周一至周五 8:30-12:00 14:30-17:30"
    phone = "0571-87654321"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    site = factory.SubFactory(TownshipSiteFactory)
    name = factory.Sequence(lambda n: f"社会事务办{n}")
    credit_code = factory.Sequence(make_uscc)
    supervising_department = "县民政局"


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    site = factory.SubFactory(TownshipSiteFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    type = Window.Type.INTAKE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    full_name = factory.Sequence(lambda n: f"工作人员{n}")
    # Hashed when built, so the saved row and the object agree (a session made with
    # force_login stays valid).
    password = factory.django.Password("correct-horse-battery")


class StaffRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffRole

    user = factory.SubFactory(UserFactory)
    site = factory.SubFactory(TownshipSiteFactory)
    role = StaffRole.Role.CLERK


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    window = factory.SubFactory(WindowFactory)
    position = Post.Position.A
    staff = factory.SubFactory(UserFactory)


class LeaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leave

    staff = factory.SubFactory(UserFactory)
    reason = "请假"
