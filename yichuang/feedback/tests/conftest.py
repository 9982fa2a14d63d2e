import pytest

from .factories import forget_citizens, install_resolver, make_feedback_world, uninstall_resolver


@pytest.fixture
def citizens():
    """Citizen accounts resolve to their applicants (as the portal's resolver will do)."""
    install_resolver()
    yield
    uninstall_resolver()
    forget_citizens()


@pytest.fixture
def fw(db, citizens):
    return make_feedback_world()
