"""What Proxmox and ifupdown2 made of the corpus files.

Proxmox's verdicts are files an engineer produced beforehand with Proxmox's own reader
and writer (kept outside the project); ifupdown2 is run here, which is slow (a quarter
second a file), so its verdicts are cached next to the corpus, keyed by each file's hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PVE_ERROR = "PVE-ERROR:"
CACHE_NAME = "ifupdown2.json"


@dataclass(frozen=True)
class ProxmoxVerdict:
    text: str | None  # what Proxmox's writer made of the file
    error: str | None  # why Proxmox refused it


def proxmox_verdict(outdir: Path, name: str) -> ProxmoxVerdict | None:
    """Proxmox's verdict on one file; None when OUTDIR has no output for it."""
    path = outdir / f"{name}.interfaces"
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    if text.startswith(PVE_ERROR):
        return ProxmoxVerdict(None, text.splitlines()[0][len(PVE_ERROR) :].strip())
    return ProxmoxVerdict(text, None)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ifupdown2_verdicts(corpus: Path, names: list[str]) -> dict[str, list[str]]:
    """ifupdown2's complaints per file (empty: accepted), from the cache where the file
    has not changed since, else by running `ifup -a -s -i FILE`."""
    # Imported here: it needs pytest (for skipping) and ifupdown2 only when asked for.
    from tests.oracles import ifup_complaints

    cache_path = corpus / CACHE_NAME
    cache: dict[str, dict[str, Any]] = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    verdicts: dict[str, list[str]] = {}
    for count, name in enumerate(names, 1):
        path = corpus / f"{name}.interfaces"
        digest = _digest(path.read_text(encoding="utf-8"))
        entry = cache.get(name)
        if entry is None or entry.get("sha256") != digest:
            try:
                complaints = ifup_complaints(path)
            except AssertionError:
                complaints = ["ifupdown2 failed without a message netwizard's oracle knows"]
            entry = {"sha256": digest, "complaints": complaints}
            cache[name] = entry
            if count % 50 == 0:
                # Saved as it goes, so an interrupted run keeps what it has.
                cache_path.write_text(json.dumps(cache, indent=1, sort_keys=True))
        verdicts[name] = list(entry["complaints"])
    cache_path.write_text(json.dumps(cache, indent=1, sort_keys=True))
    return verdicts
