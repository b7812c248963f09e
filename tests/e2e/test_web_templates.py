"""The template gallery in a real browser: from "Inizia da un modello" to a downloaded video."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import httpx
import pytest
from tests.e2e.web_helpers import (
    accessibility_violations,
    api_state,
)

from diapo.service.testing import LiveServer

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = pytest.mark.timeout(240)

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


def _open(browser: Any, server: LiveServer, viewport: dict[str, int], locale: str) -> Any:
    phone = {"has_touch": True, "is_mobile": True} if viewport is PHONE else {}
    context = browser.new_context(viewport=viewport, locale=locale, accept_downloads=True, **phone)
    context.add_init_script("navigator.canShare = () => false;")
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    page.goto(server.base_url + "/")
    page.wait_for_selector("body[data-ready='true']")
    return page


@pytest.mark.parametrize(("viewport", "locale"), [(DESKTOP, "it-IT"), (PHONE, "en-GB")])
def test_from_the_gallery_to_an_exported_video(
    browser: Any,
    diapo_server: LiveServer,
    sample_media: dict[str, Path],
    tmp_path: Path,
    viewport: dict[str, int],
    locale: str,
) -> None:
    page = _open(browser, diapo_server, viewport, locale)
    italian = locale.startswith("it")
    # The gallery is on the first screen, in the page's language, with its thumbnails.
    heading = page.locator("#templates-title")
    assert heading.inner_text() == ("Inizia da un modello" if italian else "Start from a template")
    cards = page.locator(".template-card")
    assert cards.count() >= 8
    box = cards.first.bounding_box()
    assert box is not None and box["y"] < viewport["height"] * 1.6
    # The first thumbnail shows (the others load as they scroll into view).
    page.wait_for_function(
        "() => { const i = document.querySelector('.template-card img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    birthday = page.locator(".template-card[data-template='compleanno']")
    assert birthday.inner_text() == ("Compleanno" if italian else "Birthday")

    # Before any photo, the form says to upload first and makes nothing.
    birthday.click()
    dialog = page.locator("#template-dialog")
    dialog.wait_for()
    assert page.locator("#template-make").is_disabled()
    hint = page.locator("#template-hint").inner_text()
    assert hint.startswith("Carica prima le foto" if italian else "Upload your photos first")
    assert page.locator("#template-sample").get_attribute("src")
    page.click("#template-close")

    page.set_input_files(
        "#file-input", [str(sample_media[n]) for n in ("landscape1", "portrait1", "landscape2")]
    )
    page.wait_for_function("() => document.querySelectorAll('.upload.done').length >= 3")
    page.wait_for_function("() => !document.getElementById('make-button').disabled")

    # Pick the template, fill its one required field, make the video.
    birthday.click()
    dialog.wait_for()
    page.fill("#template-fields input[data-field='nome']", "Nonna Maria")
    assert accessibility_violations(page) == []
    page.click("#template-make")
    page.wait_for_function("() => document.querySelectorAll('#strip .frame').length === 3")
    state = api_state(diapo_server.base_url, page)
    texts = [s["m"]["text"] for t in state["draft"]["t"] if t["tt"] == 7 for s in t["sg"]]
    title = "Buon compleanno, Nonna Maria!" if italian else "Happy birthday, Nonna Maria!"
    assert texts[0] == title
    # The occasion's music, named in the page's language.
    assert ("Festa" if italian else "Village festival") in page.locator("#tracks").inner_text()

    # Export it like any video and download the file.
    page.select_option("#export-resolution", "480p")
    page.click("#export-button")
    page.locator("#confirm-dialog").wait_for()
    page.click("#confirm-ok")
    page.wait_for_selector(".export.status-completed", timeout=180_000)
    with page.expect_download() as download:
        page.locator(".export.status-completed a").first.click()
    video = tmp_path / "auguri.mp4"
    download.value.save_as(video)
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (854, 480)
        assert container.streams.audio
    # "Salva come modello": the title becomes a field; the template joins the gallery.
    save = page.locator("#save-template-button")
    assert save.is_enabled()
    save.click()
    page.locator("#save-template-dialog").wait_for()
    page.fill("#save-template-name", "Festa della nonna")
    boxes = page.locator("#save-template-texts input[type=checkbox]")
    assert boxes.count() >= 2  # the title and the closing card
    assert boxes.first.is_checked() and boxes.first.get_attribute("data-text") == title
    page.click("#save-template-ok")
    page.locator(".template-card", has_text="Festa della nonna").wait_for(state="attached")
    saved = httpx.get(
        diapo_server.base_url + "/api/templates",
        headers={"Authorization": "Bearer " + page.evaluate("localStorage.getItem('diapo.token')")},
        timeout=30,
    ).json()["data"]
    mine = [t for t in saved if t["name"] == "Festa della nonna"]
    assert len(mine) == 1 and mine[0]["builtin"] is False
    fields = {f["name"]: f for f in mine[0]["fields"]}
    assert fields["titolo"]["default"] == title and "foto" in fields
    assert page.errors == []
    page.context.close()
