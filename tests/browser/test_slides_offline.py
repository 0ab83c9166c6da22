"""The workshop slides open in a browser with no network: every request except the file itself is
refused, and the slides still show and move on with the keyboard."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from mentorkit.facilitator.slides import export_slides
from mentorkit.resources import kit_file


def test_slides_open_offline_and_navigate(page, tmp_path: Path) -> None:
    out = export_slides(kit_file("notebooks/facilitator/slides.ipynb"), tmp_path / "slides.html")
    outside: list[str] = []

    def refuse(route) -> None:  # noqa: ANN001 - playwright's Route
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", refuse)
    page.goto(out.as_uri())
    counter = page.locator("#mk-slide-number")
    expect(counter).to_have_text("1 / 11")
    expect(page.locator("section.mk-current h1:visible")).to_contain_text("Mentorship workshop")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("2 / 11")
    page.keyboard.press("End")
    expect(page.locator("section.mk-current h2:visible")).to_contain_text("After today")
    page.goto(out.as_uri() + "#/5")
    page.reload()
    shown = page.locator("section.mk-current h2:visible")
    expect(shown).to_contain_text("Step 2: Seek out potential mentors")
    assert outside == []
