"""The one-screen summary reads in Italian, English or Chinese."""

from __future__ import annotations

from diapo.draft import MediaRef, build_slideshow, describe

MEDIA = [MediaRef(id=f"p{i}", kind="photo", width=4032, height=3024) for i in range(3)]
DRAFT = build_slideshow(MEDIA, title="Estate")


def test_summary_in_english_by_default() -> None:
    text = describe(DRAFT)
    assert text.startswith("Canvas: 16:9 1920x1080")
    assert "1. Video: 3 photos" in text and 'Title: "Estate"' in text


def test_summary_in_italian() -> None:
    text = describe(DRAFT, lang="it")
    assert text.startswith("Quadro: 16:9 1920x1080")
    assert "Timeline (3 tracce):" in text
    assert "1. Video: 3 foto" in text and "Musica: tarantella" in text
    assert 'Titolo: "Estate"' in text


def test_summary_in_chinese() -> None:
    text = describe(DRAFT, lang="zh")
    assert text.startswith("画面：16:9 1920x1080")
    assert "时间线（3条轨道）：" in text
    assert "1. 视频：3张照片" in text and "音乐：tarantella" in text
    assert '标题："Estate"' in text
