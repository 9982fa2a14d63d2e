"""Every setting read from the environment is in the one table of docs/deployment.md § 3, so a
county's IT staff see all of them in one place (issue 16 §6)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(r"""(?:os\.environ\.get|os\.environ\[|env_bool)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


def environment_names() -> set[str]:
    return set(READS.findall((ROOT / "yichuang" / "settings.py").read_text()))


def test_the_pattern_finds_the_settings_read_from_the_environment():
    assert {"SECRET_KEY", "YICHUANG_SECURE", "YICHUANG_CACHE_URL"} <= environment_names()


def test_every_environment_setting_is_in_the_deployment_table():
    table = (ROOT / "docs" / "deployment.md").read_text().split("## 3.", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", table))
    assert environment_names() - documented == set()
