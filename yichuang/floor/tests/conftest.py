import pytest

from .factories import make_hall


@pytest.fixture
def hall(db):
    return make_hall()
