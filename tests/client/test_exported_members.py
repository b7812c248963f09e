"""`diapo.client` exports what its modules declare, sorted."""

from __future__ import annotations

import diapo.client


def test_all_is_sorted_and_importable() -> None:
    names = diapo.client.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        assert getattr(diapo.client, name) is not None
