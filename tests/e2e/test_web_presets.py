"""The page's "Per…" menu in the export panel: platform presets from the vocabulary, a warning
when the video is longer than the platform takes, and an export made for the platform."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.e2e.web_helpers import (
    EXPORT_BOUND_MS,
    EXPORT_TEST_TIMEOUT_S,
    settle,
)

from diapo.service.testing import LiveServer

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = pytest.mark.timeout(240)


def _say(page: Any, text: str) -> None:
    sent = page.locator(".message.user").count()
    page.fill("#chat-input", text)
    page.press("#chat-input", "Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.message.user').length > {sent}")
    settle(page)


@pytest.mark.timeout(EXPORT_TEST_TIMEOUT_S)
def test_the_export_menu_offers_platforms_warns_and_exports_for_one(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="it-IT")
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(diapo_server.base_url + "/")
    page.wait_for_selector("body[data-ready='true']")

    menu = page.locator("#export-preset")
    labels = menu.locator("option").all_inner_texts()
    assert labels[0] == "Nessuna piattaforma"
    assert "Le storie di Instagram · 9:16 · ≤ 60 s" in labels
    assert "WhatsApp · 9:16 · ≤ 3 min" in labels
    assert page.locator("label", has=menu).inner_text().startswith("Per…")

    page.set_input_files("#file-input", [str(sample_media["landscape1"])])
    page.wait_for_function("() => document.querySelectorAll('.upload.done').length >= 1")
    _say(page, "crea uno slideshow")
    _say(page, "ogni foto dura 70 secondi")

    # Longer than Instagram Stories take: the price dialog says so and how to trim.
    menu.select_option("instagram-stories")
    page.select_option("#export-resolution", "360p")
    page.click("#export-button")
    page.locator("#confirm-dialog").wait_for()
    text = page.locator("#confirm-text").inner_text()
    assert "per le storie di Instagram il massimo è 60 s" in text
    assert "«per le storie di Instagram, accorcia»" in text
    page.click("#confirm-cancel")

    # Made for WhatsApp: its vertical frame, whatever the draft's own aspect.
    _say(page, "ogni foto dura 2 secondi")
    menu.select_option("whatsapp")
    page.click("#export-button")
    page.locator("#confirm-dialog").wait_for()
    assert "massimo" not in page.locator("#confirm-text").inner_text()
    page.click("#confirm-ok")
    page.wait_for_selector(".export.status-completed", timeout=EXPORT_BOUND_MS)
    assert "360×640" in page.locator(".export.status-completed").inner_text()

    # The menu follows the page's language.
    page.select_option("#lang-select", "en")
    menu.focus()
    assert menu.locator("option").first.inner_text() == "No platform"
    assert errors == []
