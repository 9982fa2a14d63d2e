#!/usr/bin/env python
"""Screenshots of the public guide pages at desktop (1280 px) and phone (375 px) widths.

    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--out screenshots]

Needs a running server with data (e.g. `make demo`) and Debian's headless Chromium
(/usr/bin/chromium, with fonts-noto-cjk for Chinese). No Python browser library: Chromium's own
--screenshot flag is enough. The pages to shoot are discovered through the public API (the first
site that has items, its first item and first life event), so the script works on any data.
Each shot uses a fresh browser profile, so the large-text / high-contrast choices (kept in
localStorage) never leak from one shot into the next.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path
from urllib.parse import quote

WIDTHS = {"desktop": (1280, 1600), "phone": (375, 2400)}
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--lang=zh-CN",
    "--force-device-scale-factor=1",
    "--virtual-time-budget=5000",
]


def get_json(base: str, path: str) -> dict:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return json.load(response)


def discover(base: str, site_code: str | None = None, item_code: str | None = None) -> dict[str, str]:
    """Name → path of the pages to shoot, found through the public API unless given."""
    pages = {"index": "/guide/"}
    sites = get_json(base, "/api/v1/sites/?limit=500")["results"]
    # A township centre shows the most typical page; fall back to any site with items.
    ordered = sorted(sites, key=lambda s: (s["code"] != site_code, "镇" not in s["level"]))
    for site in ordered:
        items = get_json(base, f"/api/v1/sites/{site['code']}/items/?limit=1")
        if items["count"]:
            break
    else:
        print("no site has published items; only the index page will be shot", file=sys.stderr)
        return pages
    code, item = site["code"], item_code or items["results"][0]["basic_code"]
    item_path = f"/guide/{code}/items/{quote(item)}/"
    pages.update(
        {
            "site": f"/guide/{code}/",
            "site-bundles": f"/guide/{code}/?by=bundle",
            "search": f"/guide/{code}/?q={quote('社保')}",
            "item": item_path,
            "item-large-text": item_path + "?large-text=1",
            "item-high-contrast": item_path + "?high-contrast=1",
            "print": item_path + "print/",
            "not-found": f"/guide/{code}/items/NO-SUCH-ITEM/",
            "api-docs": "/api/docs/",
        }
    )
    bundles = get_json(base, f"/api/v1/sites/{code}/bundles/?limit=1")["results"]
    if bundles:
        pages["bundle"] = f"/guide/{code}/bundles/{bundles[0]['code']}/"
    return pages


def shoot(chromium: str, url: str, out: Path, width: int, height: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="yc-shot-") as profile:
        cmd = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            url,
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    ok = result.returncode == 0 and out.exists()
    if not ok:
        print(f"FAILED {url}: {result.stderr.strip()[-300:]}", file=sys.stderr)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description="Screenshots of the public guide pages.")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="screenshots", type=Path)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--site", help="site code to shoot (default: the first township centre with items)")
    parser.add_argument("--item", help="basic code of the item to shoot (default: the site's first item)")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=PATH", help="an extra page to shoot")
    parser.add_argument("--only", action="append", default=[], help="shoot only these page names")
    args = parser.parse_args()
    if not Path(args.chromium).exists():
        print(
            f"Chromium not found at {args.chromium} (Debian: apt-get install chromium fonts-noto-cjk)", file=sys.stderr
        )
        return 2
    base = args.base_url.rstrip("/")
    pages = discover(base, args.site, args.item)
    pages.update(dict(p.split("=", 1) for p in args.page))
    if args.only:
        pages = {k: v for k, v in pages.items() if k in args.only}
    args.out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for name, path in pages.items():
        for label, (width, height) in WIDTHS.items():
            target = args.out / f"{name}-{label}.png"
            failures += not shoot(args.chromium, base + path, target, width, height)
            print(f"{target}  ←  {path}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
