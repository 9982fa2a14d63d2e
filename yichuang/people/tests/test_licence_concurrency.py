"""Clerks issuing licences of one type and issuer at the same moment get distinct serials
(real threads, each with its own database connection, on whichever database the suite uses)."""

import contextlib
import sqlite3
import threading

import pytest
from django.db import connection

from yichuang.people import services
from yichuang.people.models import Licence, LicenceSerialCounter
from yichuang.people.tests.factories import ISSUER_USCC, ApplicantFactory

THREADS = 6


@contextlib.contextmanager
def database_for_threads(tmp_path):
    """On PostgreSQL the threads share the test database as it is. SQLite's in-memory test
    database is shared-cache, whose table locks fail at once ("database table is locked")
    instead of waiting for the busy timeout — unlike the file database the product runs on.
    So there the threads get a file copy in WAL mode, as deployed."""
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "threads.sqlite3"
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    settings_dict = connection.settings_dict  # the dict new thread connections are built from
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = memory_name


def run_in_threads(work, count: int) -> tuple[list, list[str]]:
    """Run `work` in `count` threads at once (each with its own connection): (results, errors)."""
    barrier, results, errors = threading.Barrier(count), [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as exc:  # reported by the caller's assertion, with its type
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_licences_issued_at_the_same_moment_get_distinct_serials(tmp_path):
    holder = ApplicantFactory()

    def clerk():
        return services.issue_licence(holder, "111", "居民身份证", "示范县公安局", ISSUER_USCC, {}).serial

    def stored():
        return LicenceSerialCounter.objects.get().last_serial, Licence.objects.values("number").distinct().count()

    with database_for_threads(tmp_path):
        serials, errors = run_in_threads(clerk, THREADS)
        (after,), _ = run_in_threads(stored, 1)
    assert errors == []
    assert sorted(serials) == list(range(1, THREADS + 1))
    assert after == (THREADS, THREADS)
