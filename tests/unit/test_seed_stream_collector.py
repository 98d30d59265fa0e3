"""kb.seeding pauses Python's cyclic collector while it validates and streams (pure logic)."""

from __future__ import annotations

import gc

import pytest

from kb.seeding.validation import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_a_pause_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    before = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("the block failed")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()
