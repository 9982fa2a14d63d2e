"""The demo logins `make demo` prints: one account per role and centre, in aligned columns."""

from __future__ import annotations

import os
import unicodedata

from yichuang.org.models import Site, StaffRole

from . import county as C
from . import history as demo_history

URLS = ("/guide/", "/admin/", "/api/docs/")


def demo_logins() -> list[tuple[str, str, str]]:
    """One account per role and centre (the pattern repeats for the rest); the approver is the one
    whose queue the demo history filled."""
    role = dict(StaffRole.Role.choices)
    rows = [("admin", "超级管理员", "全部站点")]
    centres = [("qx", C.county_site_name(), "mzj")]
    centres += [(t.key, Site.standard_name(Site.Level.TOWNSHIP, C.COUNTY_NAME, t.name), "shsw") for t in C.TOWNSHIPS]
    for key, site_name, dept in centres:
        rows += [
            (f"{key}_clerk1", role["clerk"], site_name),
            (demo_history.busy_approver(key, f"{key}_approver_{dept}"), role["approver"], site_name),
        ]
        rows += [(f"{key}_{suffix}", role[r], site_name) for suffix, r in C.CENTRE_ROLES]
    rows += [
        (
            f"{t.key}_{v.key}_helper1",
            role["helper"],
            Site.standard_name(Site.Level.VILLAGE, C.COUNTY_NAME, t.name, v.name),
        )
        for t in C.TOWNSHIPS
        for v in t.villages
    ]
    return rows


def print_logins(say) -> None:
    rows = [("用户名", "角色", "站点", "密码")] + [(*r, C.PASSWORD) for r in demo_logins()]
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    say("")
    say("演示账号(所有账号密码相同;中心负责人和管理员可登录 /admin/):")
    for n, row in enumerate(rows):
        say("  " + "  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            say("  " + "  ".join("-" * w for w in widths))
    say(
        f"  其余账号同一规律:<站点>_clerk1…{C.TOWNSHIP_CLERKS}(县中心到 {C.COUNTY_CLERKS})、"
        "<站点>_approver_<部门>(如 ft_approver_pcs、qx_approver_gaj)、<站点>_<村>_helper1/2。"
    )
    say("  站点前缀:qx 县中心,xc 溪城街道,ft 凤田镇,sm 石门镇。ft_clerk2 今天全天请假,由B岗 ft_clerk1 顶岗。")
    say("")
    port = os.environ.get("PORT", "8000")  # make demo passes PORT through to the server
    say("访问地址:" + "  ".join(f"http://127.0.0.1:{port}{u}" for u in URLS))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
