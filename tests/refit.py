"""The answer models' refit that `make test` starts in the background (tests/conftest.py) and checks last
(tests/test_model.py).

Its key lives here, not in conftest.py: pytest imports conftest.py as `conftest` while the tests import it
as `tests.conftest`, two modules with two keys, and the test then found no refit started and ran a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REFIT_TEST = "test_the_saved_model_is_the_one_make_train_produces"
REFIT = pytest.StashKey[tuple[subprocess.Popen, Path]]()


def start_refit(out: Path) -> tuple[subprocess.Popen, Path]:
    """Start `scripts/train.py --out out` (about two minutes) in a process of its own."""
    command = [sys.executable, str(ROOT / "scripts" / "train.py"), "--out", str(out)]
    # LightGBM's OpenMP threads wait for work by spinning: beside the other tests on two cores that burns
    # the CPU they need; waiting passively, the refit fits the same trees
    env = os.environ | {"OMP_WAIT_POLICY": "PASSIVE"}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), out
