# The Excel tests' shared fixture, found by pytest here instead of imported into each test module
# (where the import looks unused and every test parameter looks like a redefinition to pyflakes).
from yichuang.catalog.tests.excel_helpers import rich_catalogue  # noqa: F401 — the fixture
