"""Regenerate the README's pictures (``make images``): run the demo, then

* ``docs/worksheet.png``: the first page of a finished sample participant's worksheet PDF
  (``pdftoppm`` from poppler-utils: ``apt-get install -y poppler-utils``);
* ``docs/dashboard.png``: the top of the cohort dashboard page, in headless Chromium through
  Playwright (``/usr/bin/chromium``, or ``MENTORKIT_CHROMIUM``).

Both are reduced to a small palette so each stays well under 150 KB. Not part of ``make test``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

DOCS = Path(__file__).resolve().parent
PARTICIPANT = "ana-lima"  # one of the sample participants the demo brings to "complete"
LIMIT = 150_000


def small_png(source: Path, target: Path, width: int, colours: int = 64) -> None:
    """``source`` scaled to ``width`` pixels and saved with ``colours`` colours as ``target``."""
    image = Image.open(source).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.Resampling.LANCZOS)
    image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    size = target.stat().st_size
    print(f"{target}: {image.width}x{image.height}, {size / 1000:.0f} KB")
    if size > LIMIT:
        raise SystemExit(f"{target} is {size} bytes, over the {LIMIT} byte budget")


def worksheet_png(pdf: Path, work: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm not found: install poppler-utils (apt-get install -y poppler-utils)")
    subprocess.run([pdftoppm, "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(work / "page")], check=True)
    small_png(work / "page.png", DOCS / "worksheet.png", 820)


def dashboard_png(page: Path, work: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("MENTORKIT_CHROMIUM") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        tab = browser.new_page(viewport={"width": 1100, "height": 1300}, device_scale_factor=1)
        tab.goto(page.resolve().as_uri())
        tab.screenshot(path=str(work / "dashboard.png"), full_page=False)
        browser.close()
    small_png(work / "dashboard.png", DOCS / "dashboard.png", 900)


def main() -> int:
    from mentorkit.demo import DASHBOARD_NAME, run_demo

    with tempfile.TemporaryDirectory(prefix="mentorkit-images-") as tmp:
        work = Path(tmp)
        cohort = work / "cohort"
        status = run_demo(cohort)
        if status:
            print(f"the demo exited with {status}; pictures not updated", file=sys.stderr)
            return status
        worksheet_png(cohort / "worksheets" / PARTICIPANT / "worksheet.pdf", work)
        dashboard_png(cohort / DASHBOARD_NAME, work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
