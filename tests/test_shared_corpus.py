"""The Proxmox fixtures and the seed are read from the team's shared folder at test time."""

from tests.conftest import PVE_CORPUS, SEED_TEXT, require_tool


def test_the_shared_corpus_is_present():
    # Without it the corpus tests collect no cases; in CI that must fail, not pass quietly.
    require_tool(PVE_CORPUS.is_dir() and SEED_TEXT.is_file(), f"the shared Proxmox corpus at {PVE_CORPUS}")
    assert len(list(PVE_CORPUS.glob("*.interfaces"))) >= 40
