"""kb's modules import one way: no module imports, even lazily or for types only, a module
that imports it back (kb.seeding's stages above all)."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

KB = Path(__file__).resolve().parents[2] / "kb"


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, package: str, modules: set[str]) -> set[str]:
    """The modules an import statement names: `from a import b` names a.b if that is a
    module (a's own code runs first either way, as for any submodule), else a."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    base = node.module or ""
    if node.level:  # relative: from the importing module's package
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    return {
        f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
        for alias in node.names
    }


def import_graph(root: Path) -> dict[str, set[str]]:
    """Each module of the `kb` package -> the kb modules it imports, anywhere in its body."""
    paths = {_module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        graph[module] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for name in _imported(node, package, set(paths)):
                    if name in paths and name != module:
                        graph[module].add(name)
    return graph


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        found: list[str] = error.args[1]
        return found
    return None


def test_kb_has_no_import_cycle() -> None:
    graph = import_graph(KB)
    assert "kb.seeding.streaming" in graph["kb.seeding.pipeline"]  # lazy imports count too
    assert cycle(graph) is None


def test_the_check_finds_a_cycle_through_a_lazy_or_type_only_import(tmp_path: Path) -> None:
    package = tmp_path / "kb" / "stages"
    package.mkdir(parents=True)
    (tmp_path / "kb" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("from kb.stages.second import run\n")
    (package / "second.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from kb.stages import first\n"
        "def run() -> None:\n"
        "    from . import first\n"
    )
    graph = import_graph(tmp_path / "kb")
    assert graph["kb.stages.first"] == {"kb.stages.second"}
    assert graph["kb.stages.second"] == {"kb.stages.first"}
    found = cycle(graph)
    assert found is not None
    assert set(found) == {"kb.stages.first", "kb.stages.second"}
