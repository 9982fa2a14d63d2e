"""The authorisation matrix's county (tests/authz/conftest.py), with what the fuzzer needs
besides so that the deeper forms appear on real objects: a window of township A with its clerk on
post, an open 办不成事 ticket and an open alert there, township A's second case in review (the
approver's forms) and a second case of the first citizen waiting for supplements (the hall's
supplement form)."""

from __future__ import annotations

import os

import pytest
from authz.conftest import Town, intake_cases, town  # noqa: F401 — the fixture, re-exported

from yichuang.cases import services as cases
from yichuang.cases.services import MaterialInput
from yichuang.feedback.models import Rectification
from yichuang.feedback.services.reports import report_unresolved
from yichuang.org.tests.factories import PostFactory, WindowFactory
from yichuang.supervision.alerts import Rule, raise_alert

STATS = {"requests": 0, "targets": 0, "failures": 0, "fields": set()}


@pytest.fixture
def fuzz_town(town) -> Town:  # noqa: F811
    world = town.worlds["A"]
    town.window = WindowFactory(site=world.site)
    PostFactory(window=town.window, staff=world.clerk)
    report_unresolved(world.site, matter="窗口说这件事办不了", phone="13800000000")
    town.ticket = Rectification.objects.get(site=world.site)
    town.alert = raise_alert(
        Rule.UNTOUCHED, world.site, "fuzz-subject", "长时间未处理", case_number=town.cases["A"][1].number
    )
    in_review = cases.accept(town.cases["A"][1], world.clerk)
    cases.start_review(in_review, world.approver)
    town.in_review = in_review
    town.supplementing = _case_waiting_for_supplements(town)
    return town


def _case_waiting_for_supplements(county):
    world, own = county.worlds["A"], county.owned["citizen"]
    materials = list(world.version.materials.all())
    case = cases.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=own.applicant,
        materials={m.pk: MaterialInput("received", None, "") for m in materials},
        form_data={"applicant": {"age": 85}},
        authorisation=None,
        channel="window",
    )
    cases.request_supplement(case, world.clerk, {m.pk: "复印件不清晰" for m in materials[:1]})
    return case


def pytest_terminal_summary(terminalreporter):
    """The run's size, for docs/reliability.md: requests sent and pages fuzzed."""
    if STATS["targets"]:
        terminalreporter.write_line(
            f"fuzz: {STATS['requests']} requests over {STATS['targets']} fuzzed targets, "
            f"{len(STATS['fields'])} (page, method, address, field) combinations, "
            f"{STATS['failures']} failing"
        )
        if os.environ.get("FUZZ_LIST"):
            for line in sorted(STATS["fields"]):
                terminalreporter.write_line("  " + " ".join(line))
