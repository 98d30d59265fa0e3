"""kb.seed_stream pauses Python's cyclic collector during the cross-file pass (pure logic)."""

from __future__ import annotations

import gc

import pytest

from kb.seed_stream import _collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_pass_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    before = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with _collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), _collector_paused():
            raise ValueError("the pass failed")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()
