"""`IdempotencyRecord` moved from `cases` to `common` (common/0001, cases/0004): the move touches
the database not at all, so every stored answer survives and still replays."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from yichuang.common.models import IdempotencyRecord

BEFORE = [("cases", "0003_online_owner_optional"), ("common", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True)
def test_records_stored_before_the_move_are_there_after_it():
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old_apps = _migrate(BEFORE)
    try:
        user = old_apps.get_model("org", "User").objects.create(username="before-the-move")
        old_apps.get_model("cases", "IdempotencyRecord").objects.create(
            user=user,
            key="kept",
            method="POST",
            path="/api/v1/cases/",
            fingerprint="f" * 64,
            status_code=201,
            body='{"number": "kept"}',
        )
    finally:
        _migrate(leaves)
    record = IdempotencyRecord.objects.get(key="kept")
    assert (record.user.username, record.status_code, record.body) == ("before-the-move", 201, '{"number": "kept"}')


@pytest.mark.django_db
def test_the_model_keeps_the_table_it_was_born_with():
    assert IdempotencyRecord._meta.db_table == "cases_idempotencyrecord"
    assert IdempotencyRecord._meta.db_table in connection.introspection.table_names()
