"""kb export names each vendor's file after its slug: one the graph holds from before today's
checks cannot write outside DIR, and a stored evaluation that no longer validates is named."""

from __future__ import annotations

from typing import Any

import pytest

from kb.errors import KbError
from kb.export import _checked_vendor_file


@pytest.mark.parametrize("slug", ["../../escaped", "/tmp/abs", ""])
def test_a_slug_that_cannot_name_a_file_is_refused(slug: str) -> None:
    with pytest.raises(KbError) as refused:
        _checked_vendor_file(slug, [], False)
    assert str(refused.value) == (
        f"vendor slug {slug!r} cannot name a file; fix its file, seed again"
    )


def test_a_stored_evaluation_that_no_longer_validates_is_named() -> None:
    stored: dict[str, Any] = {
        "latest": True,
        "document": '{"vendor": {"name": "X", "slug": "../x"}, "layer": "L1"}',
    }
    with pytest.raises(KbError) as refused:
        _checked_vendor_file("x", [stored], False)
    assert str(refused.value).startswith(
        "vendor 'x': its stored evaluation does not validate any more (vendor.slug: "
    )
