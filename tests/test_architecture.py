"""The shape of the code that the README promises: layers, module size, no import cycle."""

import ast

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "netwizard"
MODULES = {
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
    for path in PACKAGE.rglob("*.py")
    if "migrations" not in path.parts
}
MAX_LINES = 500


def _imports(name: str) -> set[str]:
    """The netwizard modules `name` imports, at load time or deferred inside a function
    (a deferred import only hides a cycle); imports for type checkers only left out."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for item in ast.walk(node):
            if isinstance(item, ast.Import):
                found |= {alias.name for alias in item.names if alias.name in MODULES}
            elif isinstance(item, ast.ImportFrom):
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - item.level + 1]) if item.level else ""
                target = ".".join(p for p in (base, item.module) if p)
                for alias in item.names:
                    if f"{target}.{alias.name}" in MODULES:
                        found.add(f"{target}.{alias.name}")
                    elif target in MODULES and target != name:
                        found.add(target)
    return found


def test_no_module_is_longer_than_a_newcomer_reads_in_one_go():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_the_pure_core_imports_nothing_from_django_or_the_layers_above():
    for name, path in MODULES.items():
        if not name.startswith("netwizard.network"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            imported = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                imported = [node.module or ""]
            for module in imported:
                assert not module.startswith(("django", "netwizard.inventory", "netwizard.wizard")), (name, module)


def test_the_layers_import_only_those_below_them():
    # network <- inventory <- {wizard, api}: the two top layers never import each other.
    below = {
        "netwizard.network": ("netwizard.inventory", "netwizard.wizard", "netwizard.api"),
        "netwizard.inventory": ("netwizard.wizard", "netwizard.api"),
        "netwizard.wizard": ("netwizard.api",),
        "netwizard.api": ("netwizard.wizard",),
    }
    for name in MODULES:
        layer = next((layer for layer in below if name.startswith(layer + ".") or name == layer), None)
        if layer is None:
            continue
        wrong = [module for module in _imports(name) if module.startswith(below[layer])]
        assert wrong == [], name


def test_no_import_cycle():
    graph = {name: _imports(name) for name in MODULES}
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        if name in path:
            pytest.fail("import cycle: " + " -> ".join((*path[path.index(name) :], name)))
        if name in done:
            return
        for imported in graph[name]:
            visit(imported, (*path, name))
        done.add(name)

    for name in graph:
        visit(name, ())


def test_the_cycle_check_sees_a_cycle(tmp_path, monkeypatch):
    first, second = tmp_path / "first.py", tmp_path / "second.py"
    first.write_text("from netwizard.second import x\n")
    second.write_text("from netwizard.first import y\n")
    monkeypatch.setattr("tests.test_architecture.MODULES", {"netwizard.first": first, "netwizard.second": second})
    with pytest.raises(pytest.fail.Exception, match=r"netwizard\.first -> netwizard\.second -> netwizard\.first"):
        test_no_import_cycle()
