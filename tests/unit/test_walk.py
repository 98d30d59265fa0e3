"""kb.walk: the files under a folder, in path order, however the folder is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.problems import Problem
from kb.walk import walk_files


def _tree(root: Path) -> None:
    for name in ("z.yaml", "a/b.yaml", "-x/c.yaml", "a-b/d.yaml", "a/.hidden.yaml"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x: 1\n")


def _walked(root: Path) -> list[str]:
    out: list[Problem] = []
    files = [str(path) for path, _ in walk_files([root], out)]
    assert out == []
    return files


def test_path_order_is_the_same_for_the_current_folder_and_an_absolute_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    expected = ["-x/c.yaml", "a/b.yaml", "a-b/d.yaml", "z.yaml"]  # Path.parts order
    assert _walked(tmp_path) == [str(tmp_path / name) for name in expected]
    monkeypatch.chdir(tmp_path)
    assert _walked(Path()) == expected
    assert _walked(Path("./")) == expected
    monkeypatch.chdir(tmp_path.parent)
    assert _walked(Path(tmp_path.name + "/")) == [f"{tmp_path.name}/{name}" for name in expected]
