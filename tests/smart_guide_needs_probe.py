"""The fourth pass's tuning probes of the 智能导办 (decision 0145): needs written during that pass,
AFTER its own check (tests/smart_guide_needs_guide2.py) was committed, to find out why needs fail
and to try each rule on — other departments' matters and complaints that share a word with an item
(no item: ""), and long, rambling needs for items. Tuning data: their misses are read one by one.
The rows live in the demo's 常见问法 (yichuang/portal/example_needs_demo.py, PROBED), which
decision 0146 made of them.
(need, entry or bundle:<code>) — "" where the demo county has no such item.
"""

from yichuang.portal.example_needs_demo import PROBED as PROBES  # noqa: F401
