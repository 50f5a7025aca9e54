"""The README's "Where things are" map names only paths that exist, and every package."""

import re

from tests.conftest import ROOT

ENTRY = re.compile(r"^( *)((?:\S+(?:/|\.py) )*\S+(?:/|\.py))(?: |$)")


def _map_paths() -> set[str]:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Where things are", 1)[1].split("```", 2)[1]
    paths, parents = set(), {}
    for line in block.splitlines():
        match = ENTRY.match(line)
        if not match:
            continue  # a description carried over to the next line
        depth = len(match.group(1)) // 2
        parent = parents.get(depth - 1, "")
        for name in match.group(2).split():
            paths.add(parent + name)
            if name.endswith("/"):
                parents[depth] = parent + name
    return paths


def test_every_path_in_the_map_exists():
    missing = sorted(p for p in _map_paths() if not (ROOT / p).exists())
    assert not missing, f"README names paths that are not in the tree: {missing}"


def test_every_package_of_the_three_layers_is_in_the_map():
    named = _map_paths()
    packages = {
        str(init.parent.relative_to(ROOT)) + "/"
        for layer in ("network", "inventory", "wizard")
        for init in (ROOT / "netwizard" / layer).glob("*/__init__.py")
        if init.parent.name not in {"migrations", "templatetags", "management"}
    }
    assert packages - named == set()
