"""The web page in a real browser against the real server: what a new user sees and does."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import av
import pytest
from tests.e2e.web_helpers import (
    EXPORT_BOUND_MS,
    EXPORT_TEST_TIMEOUT_S,
    HeldRequest,
    LostAnswer,
    accessibility_violations,
    api_balance,
    api_messages,
    api_renders,
    api_state,
    drop_files,
    long_press_drag,
    settle,
    timeline_ids,
)

from diapo.service.testing import LiveServer

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

pytestmark = pytest.mark.timeout(240)

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
ASSET_BUDGET = 300 * 1024
PHOTOS = ("landscape1", "landscape2", "landscape3", "portrait1", "heic", "webp")


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: a temporary folder, or DIAPO_SCREENSHOTS_DIR to refresh the docs."""
    wanted = os.environ.get("DIAPO_SCREENSHOTS_DIR")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        return Path(wanted)
    return tmp_path_factory.mktemp("screenshots")


#: Web Share as a phone has it, recording what it was handed (the browser's API, not Diapo).
SHARE_STUB = """
    window.sharedFiles = [];
    navigator.canShare = (data) => Boolean(data && data.files && data.files.length);
    navigator.share = async (data) => {
        for (const f of data.files) window.sharedFiles.push(
            { name: f.name, type: f.type, size: f.size });
    };
"""
#: A browser without Web Share for files (most desktops).
NO_SHARE = "navigator.canShare = () => false;"


def open_page(
    browser: Any,
    server: LiveServer,
    *,
    viewport: dict[str, int] = DESKTOP,
    locale: str = "it-IT",
    touch: bool = False,
    init_script: str | None = None,
) -> Any:
    phone = {"has_touch": True, "is_mobile": True, "device_scale_factor": 2} if touch else {}
    context = browser.new_context(viewport=viewport, locale=locale, accept_downloads=True, **phone)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    page.goto(server.base_url + "/")
    page.wait_for_selector("body[data-ready='true']")
    return page


def edit(page: Any, action: Any) -> None:
    """Do `action` and wait for the chat turn it sends to finish."""
    sent = page.locator(".message.user").count()
    action()
    page.wait_for_function(f"() => document.querySelectorAll('.message.user').length > {sent}")
    settle(page)


def snapshot(page: Any, path: Path, **kwargs: Any) -> None:
    """A screenshot once thumbnails have loaded and transitions have ended."""
    page.wait_for_function(
        "() => [...document.images].every((img) => img.hidden || !img.src || img.complete)"
    )
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), **kwargs)


def upload_done(page: Any, count: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('.upload.done, .upload.failed').length >= {count}"
    )


def upload_photos(page: Any, sample_media: dict[str, Path], count: int) -> None:
    """Pick the first `count` sample photos and wait until they have uploaded."""
    page.set_input_files("#file-input", [str(sample_media[n]) for n in PHOTOS[:count]])
    upload_done(page, count)


def test_first_load_is_small_local_and_starts_a_session(
    browser: Any, diapo_server: LiveServer
) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="it-IT")
    page = context.new_page()
    sizes: dict[str, int] = {}
    api_headers: list[dict[str, str]] = []

    def on_response(response: Any) -> None:
        if "/web/" in response.url or response.url.rstrip("/") == diapo_server.base_url:
            sizes[response.url] = len(response.body())

    def on_request(request: Any) -> None:
        if "/api/" in request.url:
            api_headers.append(request.headers)

    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("request", on_request)
    page.on("response", on_response)
    page.goto(diapo_server.base_url + "/")
    page.wait_for_selector("body[data-ready='true']")
    page.wait_for_load_state("networkidle")

    assert sum(sizes.values()) < ASSET_BUDGET, sizes
    assert any("/web/app.css" in url for url in sizes)
    assert all(url.startswith((diapo_server.base_url, "data:", "blob:")) for url in requests), (
        "nothing may load from the internet"
    )
    assert page.evaluate("localStorage.getItem('diapo.token')")
    client_id = page.evaluate("localStorage.getItem('diapo.clientId')")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", client_id)
    assert page.locator("#credits-value").inner_text() == "100"
    assert api_headers
    for headers in api_headers:
        assert headers["x-skill-source"] == "diapo-web"
        assert headers["x-skill-platform"] == "web"
        assert headers["x-skill-version"]

    # Coming back keeps the same token and session.
    token = page.evaluate("localStorage.getItem('diapo.token')")
    session = page.evaluate("localStorage.getItem('diapo.sessionId')")
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.evaluate("localStorage.getItem('diapo.token')") == token
    assert page.evaluate("localStorage.getItem('diapo.sessionId')") == session
    context.close()


@pytest.mark.timeout(EXPORT_TEST_TIMEOUT_S)
def test_new_user_makes_a_vertical_video_and_downloads_it(
    browser: Any,
    diapo_server: LiveServer,
    sample_media: dict[str, Path],
    shots: Path,
    tmp_path: Path,
) -> None:
    page = open_page(browser, diapo_server, init_script=NO_SHARE)
    snapshot(page, shots / "desktop-start.png")
    ranges: list[int] = []
    page.on(
        "response",
        lambda r: ranges.append(r.status) if "/download" in r.url else None,
    )

    # Five photos picked (with a file that is refused), one dragged onto the page.
    picked = [sample_media[name] for name in PHOTOS[:-1]]
    page.set_input_files("#file-input", [str(p) for p in [*picked, sample_media["text_as_jpg"]]])
    drop_files(page, "#dropzone", [sample_media[PHOTOS[-1]]])
    upload_done(page, 7)
    refused = page.locator(".upload.failed")
    assert refused.count() == 1
    assert "text_as_jpg" in refused.inner_text()
    assert "JPG" in refused.locator(".upload-error").inner_text()  # says what is supported
    assert refused.locator(".upload-why").inner_text() == "Questo tipo di file non è supportato."
    assert page.locator(".upload.done").count() == 6
    page.wait_for_function("() => !document.getElementById('make-button').disabled")

    # The chat builds the video; the timeline follows.
    page.fill("#chat-input", "crea uno slideshow con musica italiana")
    edit(page, lambda: page.press("#chat-input", "Enter"))
    assert page.locator(".message.assistant").last.inner_text()
    page.get_by_role("button", name="Ogni foto dura 2 secondi").wait_for()
    page.fill("#chat-input", "ogni foto dura 1 secondo")
    edit(page, lambda: page.press("#chat-input", "Enter"))
    frames = page.locator("#strip .frame")
    assert frames.count() == 6
    assert "Tarantella" in page.locator("#tracks").inner_text()
    before = timeline_ids(api_state(diapo_server.base_url, page))
    assert before == [frames.nth(i).get_attribute("data-media-id") for i in range(6)]

    # Drag the third photo onto the first.
    edit(page, lambda: frames.nth(2).drag_to(frames.nth(0)))
    after = timeline_ids(api_state(diapo_server.base_url, page))
    assert after[0] == before[2]
    assert sorted(after) == sorted(before)
    assert page.locator("#strip .frame").first.get_attribute("data-media-id") == before[2]

    # The keyboard does the same: move the first photo right.
    page.get_by_role("button", name="Sposta la foto 1 a destra").focus()
    edit(page, lambda: page.keyboard.press("Enter"))
    assert timeline_ids(api_state(diapo_server.base_url, page))[:2] == [after[1], after[0]]

    # One click makes it vertical.
    edit(page, lambda: page.get_by_role("button", name="9:16").click())
    state = api_state(diapo_server.base_url, page)
    assert state["draft"]["c"]["ar"] == "9:16"
    assert page.get_by_role("button", name="9:16").get_attribute("aria-pressed") == "true"
    page.locator("#timeline").scroll_into_view_if_needed()
    snapshot(page, shots / "desktop-timeline.png")

    # The preview plays within seconds, can be scrubbed and costs nothing.
    page.click("#preview-button")
    page.wait_for_function(
        "() => { const v = document.getElementById('video');"
        " return v.readyState >= 2 && v.currentTime > 0.2; }",
        timeout=60_000,
    )
    duration = page.evaluate("document.getElementById('video').duration")
    assert duration > 1.5
    page.evaluate(
        """() => new Promise((resolve) => {
            const v = document.getElementById('video');
            v.pause();
            v.addEventListener('seeked', resolve, { once: true });
            v.currentTime = 0.5;
        })"""
    )
    assert abs(page.evaluate("document.getElementById('video').currentTime") - 0.5) < 0.1
    assert 206 in ranges, "the preview is served with Range support"
    assert page.locator("#credits-value").inner_text() == "100"
    assert api_balance(diapo_server.base_url, page)["available"] == 100
    assert page.locator(".export").count() == 0, "a preview is not an export"
    snapshot(page, shots / "desktop-preview.png")

    # Export in 1080p, see its progress, download it.
    page.select_option("#export-format", "mp4")
    page.select_option("#export-resolution", "1080p")
    page.click("#export-button")
    # The price comes first, with the balance after it, and nothing is spent until OK.
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for()
    price = api_balance(diapo_server.base_url, page)
    assert price == {"available": 100, "frozen": 0, "total": 100}
    text = page.locator("#confirm-text").inner_text()
    cost = int(re.search(r"costa (\d+) credit", text).group(1))  # type: ignore[union-attr]
    assert f"te ne resteranno {100 - cost}" in text
    assert accessibility_violations(page) == []
    page.click("#confirm-ok")
    page.wait_for_selector(".export.status-completed", timeout=EXPORT_BOUND_MS)
    assert "1080×1920" in page.locator(".export.status-completed").inner_text()
    with page.expect_download() as download:
        page.locator(".export.status-completed a", has_text="Scarica").click()
    video = tmp_path / "diapo.mp4"
    download.value.save_as(video)
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.width, stream.codec_context.height) == (1080, 1920)
        assert container.streams.audio, "the export has its music"
        assert next(container.decode(video=0)).width == 1080
    page.wait_for_function("() => document.getElementById('credits-value').textContent !== '100'")
    # This browser cannot hand files to other apps: no Share button.
    assert page.locator(".export.status-completed button.share").count() == 0
    page.locator("#exports").scroll_into_view_if_needed()
    snapshot(page, shots / "desktop-export.png")
    assert accessibility_violations(page) == []

    # Earlier exports stay listed when the person comes back.
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator(".export.status-completed").count() == 1
    assert page.locator("#strip .frame").count() == 6
    assert page.errors == []


def test_refused_file_shows_why_while_the_others_upload(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server, locale="en-US")
    files = [sample_media["landscape1"], sample_media["corrupt"], sample_media["landscape2"]]
    page.set_input_files("#file-input", [str(p) for p in files])
    upload_done(page, 3)
    failed = page.locator(".upload.failed")
    assert failed.count() == 1
    assert failed.get_attribute("data-name") == "corrupt.jpg"
    assert failed.locator(".upload-why").inner_text() == "The file is damaged or cannot be read."
    assert "corrupt.jpg" in failed.locator(".upload-detail").inner_text()  # the server's detail
    assert page.locator(".upload.done").count() == 2
    assert len(api_state(diapo_server.base_url, page)["media"]) == 2


def test_a_message_typed_during_a_turn_waits_in_the_box(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server, locale="en-US")
    upload_photos(page, sample_media, 2)
    # Hold the turn's stream in the browser so the turn is certainly still running.
    stream = HeldRequest(page, "**/run_sse", "POST")
    page.get_by_role("button", name="Make the video").click()
    page.wait_for_function("() => document.body.classList.contains('turn-running')")
    assert page.locator("#working").is_visible()
    assert page.locator("#chat-send").is_disabled()

    page.fill("#chat-input", "make it 9:16")
    page.press("#chat-input", "Enter")
    assert page.locator("#chat-input").input_value() == "make it 9:16"
    assert page.locator(".message.user").count() == 1

    stream.release()
    assert stream.seen == 1, "a message typed during the turn is not sent"
    settle(page)
    assert page.locator("#working").is_hidden()
    assert page.locator("#strip .frame").count() == 2
    edit(page, lambda: page.press("#chat-input", "Enter"))
    assert page.locator("#chat-input").input_value() == ""
    assert api_state(diapo_server.base_url, page)["draft"]["c"]["ar"] == "9:16"
    assert page.errors == []


def test_language_follows_the_browser_and_can_be_switched(
    browser: Any, diapo_server: LiveServer, shots: Path
) -> None:
    page = open_page(browser, diapo_server, locale="zh-CN")
    assert page.locator("#chat-title").inner_text() == "和剪辑师聊天"
    snapshot(page, shots / "desktop-start-zh.png")
    assert page.locator("html").get_attribute("lang") == "zh-CN"

    page.select_option("#lang-select", "en")
    assert page.locator("#chat-title").inner_text() == "Talk to the editor"
    assert page.get_by_role("button", name="Make a slideshow with Italian music").is_visible()
    assert page.locator("#chat-input").get_attribute("placeholder").startswith("Say what")

    # The assistant's replies follow: in Chinese before, in English after the switch.
    page.select_option("#lang-select", "zh")
    edit(page, lambda: (page.fill("#chat-input", "撤销"), page.press("#chat-input", "Enter")))
    assert re.search(r"[\u4e00-\u9fff]", page.locator(".message.assistant").last.inner_text())
    page.select_option("#lang-select", "en")
    # A message answers in its own language (issue 19): here an English one.
    edit(page, lambda: (page.fill("#chat-input", "undo"), page.press("#chat-input", "Enter")))
    english = page.locator(".message.assistant").last.inner_text()
    assert "undo" in english.lower() and not re.search(r"[\u4e00-\u9fff]", english), english

    # A quick switch there and back: the language chosen last is the one the session keeps,
    # even while the first change is still on its way (held here in the browser).
    first_change = HeldRequest(page, "**/api/tasks/me/sessions/*", "PATCH")
    page.select_option("#lang-select", "zh")
    page.select_option("#lang-select", "en")
    first_change.release()
    edit(page, lambda: (page.fill("#chat-input", "undo"), page.press("#chat-input", "Enter")))
    english = page.locator(".message.assistant").last.inner_text()
    assert "undo" in english.lower() and not re.search(r"[\u4e00-\u9fff]", english), english

    page.select_option("#lang-select", "it")
    assert page.locator("#chat-title").inner_text() == "Parla con il montatore"
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator("#export-title").inner_text() == "Esporta"


def test_phone_screen_fits_and_every_control_is_labelled(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path], shots: Path
) -> None:
    page = open_page(browser, diapo_server, viewport=PHONE)
    snapshot(page, shots / "phone-start.png")
    upload_photos(page, sample_media, 4)
    edit(page, lambda: page.get_by_role("button", name="Crea il video").click())
    assert page.locator("#strip .frame").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    snapshot(page, shots / "phone-timeline.png", full_page=True)

    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('button, input, select, textarea')]
            .filter((el) => el.type !== 'file' && el.offsetParent !== null)
            .filter((el) => !(el.getAttribute('aria-label') || el.labels?.length
                || el.textContent.trim()))
            .map((el) => el.outerHTML)"""
    )
    assert unlabelled == []
    # Tab reaches the controls, and focus is visible.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert shadow and shadow != "none"
    page.locator("#chat-input").scroll_into_view_if_needed()
    snapshot(page, shots / "phone-chat.png")


def test_undo_redo_and_a_photo_added_after_the_video(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server)
    undo, redo = page.locator("#undo-button"), page.locator("#redo-button")
    upload_photos(page, sample_media, 3)
    edit(page, lambda: page.get_by_role("button", name="Crea il video").click())
    assert page.locator("#strip .frame").count() == 3
    assert undo.is_enabled() and redo.is_disabled()
    first = timeline_ids(api_state(diapo_server.base_url, page))

    edit(page, lambda: page.get_by_role("button", name="Togli la foto 1").click())
    assert page.locator("#strip .frame").count() == 2
    # Ctrl+Z while typing is the text field's own undo, not the video's.
    page.fill("#chat-input", "ciao")
    version = page.evaluate("document.body.dataset.version")
    page.press("#chat-input", "Control+z")
    page.wait_for_timeout(300)
    assert page.locator(".message.user").last.inner_text() != "Annulla"
    assert page.evaluate("document.body.dataset.version") == version
    page.fill("#chat-input", "")

    page.locator("#timeline-title").click()
    edit(page, lambda: page.keyboard.press("Control+z"))
    assert timeline_ids(api_state(diapo_server.base_url, page)) == first
    assert page.locator("#strip .frame").count() == 3
    assert redo.is_enabled()
    edit(page, lambda: page.keyboard.press("Control+Shift+z"))
    assert page.locator("#strip .frame").count() == 2
    assert redo.is_disabled()
    edit(page, lambda: undo.click())
    assert page.locator("#strip .frame").count() == 3
    edit(page, lambda: redo.click())
    assert page.locator("#strip .frame").count() == 2

    # A photo uploaded now waits beside the timeline with its own "add" button.
    late = sample_media[PHOTOS[3]]
    page.set_input_files("#file-input", [str(late)])
    upload_done(page, 4)
    tray = page.locator("#tray")
    tray.locator("li", has_text=late.name).wait_for()
    assert tray.locator("li").count() == 2  # with the photo taken out before
    assert page.locator("#add-all-button").is_visible()
    edit(page, lambda: page.get_by_role("button", name=f"Aggiungi {late.name} al video").click())
    ids = timeline_ids(api_state(diapo_server.base_url, page))
    late_id = page.locator("#strip .frame").last.get_attribute("data-media-id")
    assert len(ids) == 3 and ids[-1] == late_id and late_id not in first
    assert tray.locator("li").count() == 1 and page.locator("#add-all-button").is_hidden()
    edit(page, lambda: tray.get_by_role("button", name=re.compile("Aggiungi")).click())
    assert page.locator("#strip .frame").count() == 4
    assert tray.is_hidden()
    assert page.errors == []


def test_a_running_export_can_be_cancelled_and_gives_its_credits_back(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server, locale="en-US")
    upload_photos(page, sample_media, 4)
    edit(page, lambda: page.get_by_role("button", name="Make the video").click())
    page.fill("#chat-input", "each photo lasts 12 seconds")
    edit(page, lambda: page.press("#chat-input", "Enter"))

    page.select_option("#export-resolution", "1080p")
    page.click("#export-button")
    page.click("#confirm-ok")
    row = page.locator(".export").first
    row.locator("button.cancel").wait_for()
    cost = api_balance(diapo_server.base_url, page)["frozen"]
    assert cost >= 4
    row.get_by_role("button", name="Cancel").click()
    page.wait_for_selector(".export.status-cancelled")
    assert "Cancelled" in page.locator(".export.status-cancelled").inner_text()
    assert page.locator(".export.status-cancelled button.cancel").count() == 0
    page.wait_for_function("() => document.getElementById('credits-value').textContent === '100'")
    assert api_balance(diapo_server.base_url, page) == {"available": 100, "frozen": 0, "total": 100}
    page.wait_for_selector("#export-progress", state="hidden")

    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator(".export.status-cancelled").count() == 1
    assert page.errors == []


def test_chips_follow_the_draft_and_each_turn_is_said_once(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server, locale="en-US")
    upload_photos(page, sample_media, 2)
    chips = page.locator("#suggestions .chip")
    assert any("slideshow" in c for c in chips.all_inner_texts())
    edit(page, lambda: page.get_by_role("button", name="Make the video").click())
    # Once the video exists, no chip can rebuild it (and lose its edits) with one click.
    page.wait_for_function(
        "() => ![...document.querySelectorAll('#suggestions .chip')]"
        ".some((c) => /slideshow|vertical/i.test(c.textContent))"
    )
    assert chips.count() >= 3
    page.fill("#chat-input", "each photo lasts 2 seconds")
    edit(page, lambda: page.press("#chat-input", "Enter"))
    # One reply per turn: no second "✓ ..." line repeating what the reply says.
    assert page.locator(".message.assistant:not(.welcome)").count() == 2
    assert page.locator(".message.tool").count() == 0
    assert page.errors == []


def test_refused_files_are_summed_up_at_the_top_and_photos_show_at_once(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    page = open_page(browser, diapo_server)
    second = tmp_path / "rotta.jpg"
    second.write_bytes(sample_media["corrupt"].read_bytes())
    files = [sample_media["landscape1"], sample_media["corrupt"], second, sample_media["heic"]]
    page.set_input_files("#file-input", [str(p) for p in files])
    upload_done(page, 4)
    summary = page.locator("#refused-summary")
    assert summary.is_visible()
    assert summary.inner_text().strip() == "2 file rifiutati"
    # A damaged "photo" shows no broken-image icon in its row.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.upload.failed img')].every((i) => !i.src)"
    )
    rows = page.locator("#uploads .upload")
    assert rows.nth(0).get_attribute("class") == "upload failed"
    assert rows.nth(1).get_attribute("class") == "upload failed"
    summary.click()
    assert page.evaluate("document.activeElement.classList.contains('failed')")
    # Accepted photos show as pictures, HEIC included (from the server's thumbnail).
    for name in ("landscape1", "heic"):
        thumb = page.locator(f"#uploads .upload.done[data-name='{sample_media[name].name}'] img")
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
        )
    assert page.errors == []


@pytest.mark.timeout(EXPORT_TEST_TIMEOUT_S)
def test_the_page_recovers_from_an_outage_and_finishes_the_export(
    browser: Any, diapo_server_factory: Any, sample_media: dict[str, Path], tmp_path: Path
) -> None:
    server = diapo_server_factory()
    page = open_page(browser, server)
    upload_photos(page, sample_media, 4)
    page.fill("#chat-input", "crea uno slideshow, titolo: Estate in Toscana")
    edit(page, lambda: page.press("#chat-input", "Enter"))
    page.fill("#chat-input", "ogni foto dura 6 secondi")
    edit(page, lambda: page.press("#chat-input", "Enter"))
    page.select_option("#export-resolution", "1080p")
    page.click("#export-button")
    page.click("#confirm-ok")
    page.locator(".export.status-queued, .export.status-rendering").first.wait_for()

    server.stop()
    page.wait_for_function(
        "() => !document.getElementById('notice').hidden"
        " && document.getElementById('notice').textContent.includes('non risponde')",
        timeout=30_000,
    )
    server.start()
    # Without a reload: the banner clears and the export the server finished shows as ready.
    page.wait_for_selector("#notice", state="hidden", timeout=60_000)
    page.wait_for_selector(".export.status-completed", timeout=EXPORT_BOUND_MS)
    link = page.locator(".export.status-completed a", has_text="Scarica")
    assert link.get_attribute("download") == "estate-in-toscana.mp4"
    assert page.errors == []


def test_on_a_phone_the_composer_stays_in_reach_and_targets_fit_a_finger(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path], shots: Path
) -> None:
    context = browser.new_context(
        viewport=PHONE, locale="it-IT", has_touch=True, is_mobile=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(diapo_server.base_url + "/")
    page.wait_for_selector("body[data-ready='true']")
    # A touch screen is not asked to drag files.
    assert not page.get_by_text("Trascina qui").is_visible()
    assert page.get_by_text("Scegli foto, video e musica dal telefono").is_visible()
    assert page.locator("#video").is_hidden(), "no empty player before the first preview"
    assert page.locator("h1").inner_text() == "Diapo"

    upload_photos(page, sample_media, 3)
    page.locator("#preview-title").scroll_into_view_if_needed()
    composer = page.locator("#chat-input")
    box = composer.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    composer.fill("crea uno slideshow")
    edit(page, lambda: composer.press("Enter"))
    # The reply shows above the composer, where the person is, with the preview still in view.
    reply = page.locator("#last-reply")
    assert reply.is_visible()
    reply_box = reply.bounding_box()
    assert reply_box and reply_box["y"] + reply_box["height"] <= PHONE["height"]
    assert page.locator("#preview-title").bounding_box()["y"] >= 0
    snapshot(page, shots / "phone-touch-reply.png")

    small = small_targets(page)
    assert small == [], "\n".join(small)
    context.close()


def small_targets(page: Any) -> list[str]:
    """Visible buttons and fields a finger can hardly hit: under 44 px in either direction."""
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('button, select, .button, input[type=number]')]
            .filter((el) => el.offsetParent !== null)
            .map((el) => [el.id || el.className || el.textContent.trim(),
                          el.getBoundingClientRect()])
            .filter(([, r]) => r.width < 44 || r.height < 44)
            .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)"""
    )
    return found


def test_music_title_caption_and_transitions_have_their_own_controls(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server)
    upload_photos(page, sample_media, 3)
    assert page.locator("#quick").is_hidden(), "no controls before the video exists"
    edit(page, lambda: page.get_by_role("button", name="Crea il video").click())

    def track(tt: int) -> list[dict[str, Any]]:
        draft = api_state(diapo_server.base_url, page)["draft"]
        return [sg for tr in draft["t"] if tr["tt"] == tt for sg in tr["sg"]]

    edit(page, lambda: page.select_option("#music-select", "music:serenata"))
    assert track(1)[0]["m"]["src"] == "music:serenata"
    assert page.locator("#music-select").input_value() == "music:serenata"
    # Listening first plays the style's sample from the server.
    page.click("#music-listen")
    page.wait_for_function(
        "() => { const a = document.getElementById('sample-player');"
        " return a.currentTime > 0.2 && a.src.includes('/api/music/serenata/sample'); }"
    )
    assert page.locator("#music-listen").get_attribute("aria-pressed") == "true"
    page.click("#music-listen")
    assert page.evaluate("document.getElementById('sample-player').paused")
    edit(
        page,
        lambda: page.fill("#music-volume", "60") or page.dispatch_event("#music-volume", "change"),
    )
    assert track(1)[0]["m"]["vol"] == pytest.approx(0.6)

    page.fill("#title-input", "Estate in Toscana")
    edit(page, lambda: page.press("#title-input", "Enter"))
    assert [s["m"]["text"] for s in track(7) if s["m"].get("role") == "title"] == [
        "Estate in Toscana"
    ]

    page.locator("#strip .frame").nth(1).locator(".caption-input").fill("Il mare")
    edit(page, lambda: page.locator("#strip .frame").nth(1).locator(".caption-input").press("Tab"))
    assert track(0)[1]["m"]["cap"]["text"] == "Il mare"

    for kind in ("fade_black", "wipe_right"):
        edit(page, lambda kind=kind: page.select_option("#transition-select", kind))
        assert {sg["m"]["tr"]["k"] for sg in track(0)[1:]} == {kind}
        assert page.locator("#transition-select").input_value() == kind

    # One cut of its own: the menu on the third photo changes only the cut into it.
    third = page.locator("#strip .frame").nth(2).locator(".cut-select")
    assert page.locator("#strip .frame").nth(0).locator(".cut-select").count() == 0
    assert "null" not in page.locator("#strip .frame").nth(0).inner_text()
    assert third.input_value() == "wipe_right"
    edit(page, lambda: third.select_option("slide_left"))
    assert [sg["m"]["tr"]["k"] for sg in track(0)[1:]] == ["wipe_right", "slide_left"]
    assert page.locator("#strip .frame").nth(2).locator(".cut-select").input_value() == "slide_left"

    # The ending: a fade unless chosen otherwise; the menu sends the chat's own words.
    assert page.locator("#ending-select").input_value() == "fade"
    edit(page, lambda: page.select_option("#ending-select", "card"))
    assert api_state(diapo_server.base_url, page)["draft"]["end"]["k"] == "card"
    assert page.locator("#ending-select").input_value() == "card"

    edit(page, lambda: page.select_option("#music-select", "none"))
    assert track(1) == []
    assert page.locator("#music-volume").is_disabled()
    assert page.errors == []


def test_an_export_asked_in_the_chat_shows_its_price_and_can_be_declined(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server)
    upload_photos(page, sample_media, 2)
    edit(page, lambda: page.get_by_role("button", name="Crea il video").click())
    page.fill("#chat-input", "esporta in 720p")
    page.press("#chat-input", "Enter")
    page.locator("#confirm-dialog").wait_for()
    assert "720P" in page.locator("#confirm-text").inner_text().upper()
    page.click("#confirm-cancel")
    settle(page)
    page.wait_for_selector("#confirm-dialog", state="hidden")
    assert api_balance(diapo_server.base_url, page) == {"available": 100, "frozen": 0, "total": 100}
    assert page.locator(".export").count() == 0
    assert page.errors == []


def test_projects_are_kept_listed_renamed_and_restored_across_reload_and_login(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server, locale="en-US")
    upload_photos(page, sample_media, 2)
    page.fill("#chat-input", "make a slideshow with the title «Estate a Roma»")
    edit(page, lambda: page.press("#chat-input", "Enter"))
    first = page.evaluate("localStorage.getItem('diapo.sessionId')")
    said = page.locator(".message").all_inner_texts()

    # The conversation comes back with the project after a reload.
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    assert page.locator(".message").all_inner_texts() == said

    # A new project does not lose the first one: both are listed.
    page.click("#new-project")
    page.wait_for_function(f"() => localStorage.getItem('diapo.sessionId') !== '{first}'")
    page.click("#projects-button")
    rows = page.locator("#project-list .project")
    rows.nth(1).wait_for()
    assert rows.count() == 2
    assert accessibility_violations(page) == []
    old = page.locator(f"#project-list .project[data-session-id='{first}']")
    assert old.locator(".project-name").input_value() == "Estate a Roma"
    old.locator(".project-name").fill("Roma 2026")
    old.locator(".project-name").press("Enter")
    page.wait_for_function(
        f"() => document.querySelector(\"[data-session-id='{first}'] .project-name\")"
        ".value === 'Roma 2026'"
    )
    # Deleting offers an undo; undoing brings it back.
    old.get_by_role("button", name="Delete: Roma 2026").click()
    page.locator("#toast").wait_for()
    page.wait_for_function(f"() => !document.querySelector(\"[data-session-id='{first}']\")")
    page.click("#toast-action")
    page.locator(f"#project-list [data-session-id='{first}']").wait_for()
    # Opening it shows its timeline and its conversation again.
    page.locator(f"#project-list [data-session-id='{first}']").get_by_role(
        "button", name="Open: Roma 2026"
    ).click()
    page.wait_for_function(f"() => localStorage.getItem('diapo.sessionId') === '{first}'")
    page.wait_for_function("() => document.querySelectorAll('#strip .frame').length === 2")
    page.wait_for_function(f"() => document.querySelectorAll('.message').length === {len(said)}")
    assert page.locator(".message").all_inner_texts() == said
    assert page.errors == []

    # Registering (the page's own link) keeps both projects; signing in on another device
    # brings them back there, the renamed one with its timeline and conversation.
    page.click("#projects-button")
    register = page.locator("#register-link")
    assert register.is_visible()
    form = page.context.new_page()
    form.goto(register.get_attribute("href"))
    form.fill("input[name=email]", "anna@example.org")
    form.fill("input[name=password]", "estate-2026")
    form.click("button[type=submit]")
    form.wait_for_load_state()
    other = open_page(browser, diapo_server, locale="en-US")
    other.click("#projects-button")
    other.locator(".signin summary").click()
    other.fill("#signin-email", "anna@example.org")
    other.fill("#signin-password", "wrong password")
    other.click("#signin-form button[type=submit]")
    other.locator("#signin-error").wait_for()
    assert other.locator("#signin-error").inner_text() == "Wrong email or password."
    other.fill("#signin-password", "estate-2026")
    other.click("#signin-form button[type=submit]")
    mine = other.locator(f"#project-list [data-session-id='{first}']")
    mine.wait_for()
    assert other.locator("#project-list .project").count() == 2
    assert other.locator("#register-link").is_hidden()
    mine.get_by_role("button", name="Open: Roma 2026").click()
    other.wait_for_function("() => document.querySelectorAll('#strip .frame').length === 2")
    other.wait_for_function(f"() => document.querySelectorAll('.message').length === {len(said)}")
    assert other.locator(".message").all_inner_texts() == [
        other.locator(".message.welcome").inner_text(),
        *said[1:],
    ]
    assert other.errors == []


def test_uploaded_photos_wait_in_the_tray_with_date_and_culling_flags(
    browser: Any,
    diapo_server: LiveServer,
    sample_media: dict[str, Path],
    tmp_path: Path,
    shots: Path,
) -> None:
    from PIL import Image

    copy = tmp_path / "copia.jpg"
    copy.write_bytes(sample_media["landscape1"].read_bytes())
    # A night shot by the Duomo of Florence: dark, dated and placed by its EXIF.
    dark = tmp_path / "notte.jpg"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2024:08:12 22:15:00"
    exif.get_ifd(0x8825).update({1: "N", 2: (43, 46, 23.16), 3: "E", 4: (11, 15, 21.6)})
    with Image.open(sample_media["landscape2"]) as photo:
        photo.point(lambda v: v * 0.06).save(dark, quality=90, exif=exif.tobytes())
    page = open_page(browser, diapo_server)
    assert accessibility_violations(page) == []
    page.set_input_files("#file-input", [str(p) for p in (sample_media["landscape1"], copy, dark)])
    upload_done(page, 3)

    # Before the video exists (and after a reload) every upload is a card in the tray.
    page.reload()
    page.wait_for_selector("body[data-ready='true']")
    cards = page.locator("#tray .tray-card")
    cards.nth(2).wait_for()
    assert page.locator("#tray-title").inner_text() == "Caricati"
    first = cards.filter(has_text=sample_media["landscape1"].name)
    # Taken on 1 July 2024 at 10:30, said the Italian way.
    when = first.locator("time").inner_text()
    assert "lug 2024" in when and "10:30" in when, when
    assert first.locator(".flag").count() == 0
    twin = cards.filter(has_text="copia.jpg").locator(".flag")
    assert twin.all_inner_texts() == ["Doppione"]
    assert twin.get_attribute("title") == "È uguale a un'altra foto caricata."
    night = cards.filter(has_text="notte.jpg")
    assert "Scura" in night.locator(".flag").all_inner_texts()
    # The place, where the service names it (`place` on media items): "Firenze" on the card,
    # its region and country in the tooltip.
    item = next(
        m for m in api_state(diapo_server.base_url, page)["media"] if m["name"] == "notte.jpg"
    )
    if "place" in item:
        assert night.locator(".place").inner_text() == item["place"]["name"] == "Firenze"
        assert night.locator(".place").get_attribute("title") == "Firenze, Toscana, Italia"
    else:
        assert night.locator(".place").count() == 0
    assert page.locator("#tray button.add").count() == 0, "no video yet to add a photo to"
    assert accessibility_violations(page) == []
    page.locator("#timeline").scroll_into_view_if_needed()
    snapshot(page, shots / "desktop-tray.png")

    # In the video, each photo keeps its name and flags on its card in the timeline; the
    # exact duplicate is left out of it and waits in the tray, one click from the video.
    edit(page, lambda: page.get_by_role("button", name="Crea il video").click())
    names = page.locator("#strip .frame .frame-name").all_inner_texts()
    assert sorted(names) == ["landscape1.jpg", "notte.jpg"]
    assert cards.count() == 1 and "Doppione" in cards.first.inner_text()
    assert page.locator("#tray-title").inner_text() == "Caricati ma non nel video"
    assert cards.first.get_by_role("button", name="Aggiungi copia.jpg al video").is_visible()
    page.select_option("#lang-select", "en")
    assert "Dark" in page.locator("#strip .frame", has_text="notte.jpg").inner_text()
    assert accessibility_violations(page) == []
    assert page.errors == []


def shown_version(page: Any, version: str, timeout: float = 60_000) -> None:
    """Wait until the player shows the preview of draft `version`."""
    page.wait_for_function(
        f"() => document.getElementById('player').dataset.version === '{version}'"
        " && document.getElementById('video').readyState >= 1",
        timeout=timeout,
    )


def test_the_preview_follows_each_edit_by_itself_and_costs_nothing(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server, locale="en-US")
    upload_photos(page, sample_media, 2)
    assert page.locator("#video").is_hidden()
    # The first preview is held in the browser, so that an edit certainly overtakes it.
    first = HeldRequest(page, "**/api/render/proxy/lambda", "POST")
    edit(page, lambda: page.get_by_role("button", name="Make the video").click())
    made = page.evaluate("document.body.dataset.version")
    first.wait()

    # An edit: a moment later the player shows it, with no click.
    started = time.monotonic()
    edit(page, lambda: page.get_by_role("button", name="Each photo lasts 2 seconds").click())
    edited = page.evaluate("document.body.dataset.version")
    assert edited != made
    shown_version(page, edited)
    print(f"\nedit to refreshed preview: {time.monotonic() - started:.1f} s")
    assert page.evaluate("document.getElementById('video').duration") > 3

    # The overtaken preview, let through now, is stopped: it never reaches the player.
    first.release()
    page.wait_for_function(
        f"() => document.getElementById('player').dataset.version === '{edited}'"
    )
    for _ in range(100):
        previews = [r for r in api_renders(diapo_server.base_url, page) if r["preview"]]
        if all(r["status"] in ("completed", "cancelled") for r in previews):
            break
        page.wait_for_timeout(100)
    assert sorted(r["status"] for r in previews) == ["cancelled", "completed"], previews
    assert api_balance(diapo_server.base_url, page) == {"available": 100, "frozen": 0, "total": 100}
    assert page.locator(".export").count() == 0
    assert page.errors == []


@pytest.mark.timeout(EXPORT_TEST_TIMEOUT_S)
def test_a_phone_journey_by_touch_from_photos_to_sharing(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path], shots: Path
) -> None:
    page = open_page(browser, diapo_server, viewport=PHONE, touch=True, init_script=SHARE_STUB)
    assert accessibility_violations(page) == []
    upload_photos(page, sample_media, 3)
    edit(page, lambda: page.get_by_role("button", name="Crea il video").tap())
    before = timeline_ids(api_state(diapo_server.base_url, page))
    assert len(before) == 3

    # Press and hold the third photo, drag it onto the first: it moves to the front.
    frames = page.locator("#strip .frame")
    frames.nth(0).scroll_into_view_if_needed()
    edit(page, lambda: long_press_drag(page, frames.nth(2), frames.nth(0)))
    after = timeline_ids(api_state(diapo_server.base_url, page))
    assert after == [before[2], before[0], before[1]]
    # A quick swipe is a scroll, not a drag: nothing moves.
    version = page.evaluate("document.body.dataset.version")
    long_press_drag(page, frames.nth(2), frames.nth(0), hold_ms=60)
    page.wait_for_timeout(400)
    assert page.evaluate("document.body.dataset.version") == version
    assert page.locator(".message.user").last.inner_text().startswith("Sposta la foto 3")

    # The preview follows by itself; the screen stays accessible with a video in it.
    shown_version(page, version)
    assert accessibility_violations(page) == []

    # Export (the price first), then hand the file to the phone's share sheet.
    page.select_option("#export-resolution", "360p")
    page.get_by_role("button", name="Esporta", exact=True).tap()
    page.locator("#confirm-dialog").wait_for()
    assert accessibility_violations(page) == []
    asked = re.search(r"costa (\d+) credit", page.locator("#confirm-text").inner_text())
    assert asked is not None
    cost = int(asked.group(1))
    # The export's answer is lost on the way: sent again with its own id, it is charged once.
    submit = LostAnswer(page, "**/api/render/proxy/lambda", "POST")
    page.locator("#confirm-ok").tap()
    done = page.locator(".export.status-completed")
    done.wait_for(timeout=EXPORT_BOUND_MS)
    assert len(submit.headers) == 2 and page.locator(".export").count() == 1
    assert api_balance(diapo_server.base_url, page) == {
        "available": 100 - cost,
        "frozen": 0,
        "total": 100 - cost,
    }
    share = done.get_by_role("button", name="Condividi diapo.mp4")
    share.tap()
    page.wait_for_function("() => window.sharedFiles.length === 1")
    shared = page.evaluate("window.sharedFiles[0]")
    assert shared["name"] == "diapo.mp4" and shared["type"] == "video/mp4"
    assert shared["size"] > 10_000
    page.locator("#exports").scroll_into_view_if_needed()
    snapshot(page, shots / "phone-share.png")
    assert small_targets(page) == []
    assert page.errors == []


def test_an_answer_lost_on_the_way_is_not_sent_twice(
    browser: Any, diapo_server: LiveServer, sample_media: dict[str, Path]
) -> None:
    page = open_page(browser, diapo_server, locale="en-US")
    # The server stores the photo, but its answer is lost: the page sends it again with the
    # same Idempotency-Key and gets the first answer back; the photo is stored once.
    upload = LostAnswer(page, "**/api/upload-video/**", "POST")
    upload_photos(page, sample_media, 1)
    assert len(upload.headers) == 2
    keys = {h["idempotency-key"] for h in upload.headers}
    assert len(keys) == 1, keys
    assert len(api_state(diapo_server.base_url, page)["media"]) == 1
    assert page.locator(".upload.done").count() == 1

    # A chat turn whose stream is cut after the server kept it: the page reads the reply
    # back from the project's conversation instead of saying the message again.
    stream = LostAnswer(page, "**/run_sse", "POST")
    edit(page, lambda: page.get_by_role("button", name="Make the video").click())
    assert len(stream.headers) == 1, "the message was sent once"
    assert page.locator("#strip .frame").count() == 1
    kept = api_messages(diapo_server.base_url, page)
    assert [m["role"] for m in kept] == ["user", "assistant"]
    assert page.locator(".message.assistant").last.inner_text() == kept[-1]["text"]
    assert page.locator(".message.error").count() == 0
    assert page.errors == []
