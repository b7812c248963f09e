"""The packages export exactly what they declare, sorted."""

from __future__ import annotations

import pytest

import diapo.media
import diapo.samples


@pytest.mark.parametrize("module", [diapo.media, diapo.samples])
def test_all_is_sorted_and_importable(module: object) -> None:
    names = module.__all__  # type: ignore[attr-defined]
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        assert hasattr(module, name)
