"""The partial indexes on open cases (migration 0008) are written for exactly the open states
the queues filter on (where.OPEN_STATES): a state added to the workflow and missing from the
index predicate would leave its cases out of the planner's proof, and the queues slow again."""

import importlib

from yichuang.cases.where import OPEN_STATES
from yichuang.cases.workflow import FINAL_STATES, State


def test_the_open_case_indexes_cover_exactly_the_open_states():
    migration = importlib.import_module("yichuang.cases.migrations.0008_open_case_indexes")
    assert set(migration.OPEN) == set(OPEN_STATES) == set(State.values) - FINAL_STATES
