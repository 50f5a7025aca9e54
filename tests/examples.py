"""How many examples a property draws: the full number in CI, a tenth on a laptop.

CI (NETWIZARD_REQUIRE_ORACLES=1) is where the properties dig deep; a local `make test`
stays quick enough to run before every commit. Hypothesis keeps the examples that failed
once (.hypothesis/) and tries them first, whatever the count.
"""

import os

CI = os.environ.get("NETWIZARD_REQUIRE_ORACLES") == "1"


def examples(in_ci: int) -> int:
    """The examples a property draws here: `in_ci` in CI, a tenth (at least 20) locally."""
    return in_ci if CI else max(in_ci // 10, min(in_ci, 20))
