"""python -m tests.corpus write DIR | measure DIR: see the package docstring."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .generate import corpus_file


def corpus_write(directory: Path, count: int, seed: int) -> None:
    """DIR/<name>.interfaces for seeds seed..seed+count-1, and DIR/index.json describing them."""
    directory.mkdir(parents=True, exist_ok=True)
    index = []
    for number in range(seed, seed + count):
        sample = corpus_file(number)
        (directory / f"{sample.name}.interfaces").write_text(sample.text, encoding="utf-8")
        index.append({"name": sample.name, "traits": sorted(sample.traits), "defect": sample.defect})
    (directory / "index.json").write_text(json.dumps(index, indent=1) + "\n")


def arguments_parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    write = commands.add_parser("write", help="write the generated files and index.json into DIR")
    write.add_argument("directory", type=Path, metavar="DIR")
    write.add_argument("--count", type=int, default=600)
    write.add_argument("--seed", type=int, default=0, help="seed of the first file; the others follow")
    measure = commands.add_parser("measure", help="measure netwizard on the files in DIR")
    measure.add_argument("directory", type=Path, metavar="DIR")
    measure.add_argument("--proxmox", type=Path, metavar="OUTDIR", help="Proxmox's output for each file")
    measure.add_argument("--ifupdown2", action="store_true", help="ask ifupdown2 too (root; cached in DIR)")
    measure.add_argument("--show", type=int, default=0, metavar="N", help="print the first N differences")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    options = arguments_parse(argv)
    if options.command == "write":
        corpus_write(options.directory, options.count, options.seed)
        return 0
    # Imported only here: writing a corpus needs nothing of netwizard.
    from .measure import measure

    sys.stdout.write(measure(options.directory, options.proxmox, options.ifupdown2, options.show))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
