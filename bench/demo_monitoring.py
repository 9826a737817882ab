"""The figures of docs/monitoring.md, from a real run of the shipped gate.

    flock /tmp/qg-cpu.lock python bench/demo_monitoring.py [--out docs/img]

A scratch SQLite database receives, in ISO week 2026-W47, the shipped gate's verdicts (rules +
models/default + the gate's policy) on the judged test split for brand `steady`, each reviewed
(reviewers tick "gate wrong" where the judges disagree: the gate's real live accuracy against
the judges), and on the same texts written twice over for brand `longer` (no reviews). It then
writes the weekly export with the monitoring section against models/default/reference.json,
saves its two monitoring charts, and screenshots the section with Chromium (playwright).
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qualitygate import db  # noqa: E402
from qualitygate.db import Base  # noqa: E402
from qualitygate.monitoring.health import Thresholds, all_brands, render_text  # noqa: E402
from qualitygate.monitoring.live import Window  # noqa: E402
from qualitygate.reports.export import Monitoring, export_week  # noqa: E402
from qualitygate.reports.weeks import IsoWeek  # noqa: E402
from tests.training import retrain_world as world  # noqa: E402
from training.labels import read_label_file  # noqa: E402
from training.splits import assign_splits  # noqa: E402

WEEK = IsoWeek.parse("2026-W47")
CHROMIUM = Path("/usr/bin/chromium")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="docs/img")
    args = parser.parse_args()
    out = Path(args.out)
    test = assign_splits(read_label_file(world.JUDGED))["test"]
    longer = [
        replace(r, draft=replace(r.draft, text=f"{r.draft.text} {r.draft.text}")) for r in test
    ]
    with tempfile.TemporaryDirectory() as tmp:
        engine = db.make_engine(f"sqlite:///{Path(tmp) / 'demo.db'}")
        Base.metadata.create_all(engine)
        with Session(engine) as s:
            monday = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
            world.reviews_of(s, world.DEFAULT, test, brand="steady", start=monday)
            world.reviews_of(s, world.DEFAULT, longer, brand="longer", review=False, start=monday)
            thresholds = Thresholds()
            for report in all_brands(s, Window.week(WEEK, "UTC"), world.DEFAULT, thresholds):
                print(render_text(report) + "\n")
            result = export_week(
                s, WEEK, "UTC", Path(tmp), monitoring=Monitoring(world.DEFAULT, thresholds)
            )
        engine.dispose()
        page = result.files[2].read_text(encoding="utf-8")
        section = page[page.index('id="drift"') :]
        images = re.findall(r'src="data:image/png;base64,([^"]+)"', section)[:2]
        for name, data in zip(
            ("monitoring-drift.png", "monitoring-accuracy.png"), images, strict=True
        ):
            (out / name).write_bytes(base64.b64decode(data))
        screenshot(result.files[2], out / "weekly-drift-section.png")
    print(
        "wrote",
        out / "monitoring-drift.png",
        out / "monitoring-accuracy.png",
        out / "weekly-drift-section.png",
    )


def screenshot(html: Path, target: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(html.as_uri())
        start = page.locator("#drift")
        box = start.bounding_box()
        end = page.locator("h2", has_text="Revisions and models").bounding_box()
        assert box is not None and end is not None
        page.set_viewport_size({"width": 1000, "height": int(end["y"]) + 20})
        page.screenshot(
            path=str(target),
            clip={"x": 0, "y": box["y"] - 10, "width": 1000, "height": end["y"] - box["y"]},
            full_page=True,
        )
        browser.close()


if __name__ == "__main__":
    main()
