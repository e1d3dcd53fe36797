"""The layer contracts (pyproject.toml, [tool.importlinter]) hold, and a violating import breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """Run lint-imports over the packages under root, with root first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT), "--no-cache"], cwd=root, env=env, capture_output=True, text=True, check=False)


def copy_project(tmp_path: Path) -> Path:
    for name in ("bot", "retrieval"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layer_contracts_hold() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 kept, 0 broken" in result.stdout


def test_retrieval_importing_bot_breaks_the_layers(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    search = root / "retrieval" / "search.py"
    search.write_text(search.read_text(encoding="utf-8") + "\nfrom bot.answer import values  # noqa\n", encoding="utf-8")
    result = lint(root)
    assert result.returncode != 0 and "retrieval.search -> bot.answer.values" in result.stdout


def test_the_answer_layer_importing_telegram_or_settings_breaks_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    ask = root / "bot" / "answer" / "ask.py"
    ask.write_text(ask.read_text(encoding="utf-8") + "\nimport telegram  # noqa\nfrom bot import settings  # noqa\n",
                   encoding="utf-8")
    result = lint(root)
    assert result.returncode != 0
    assert "bot.answer.ask -> telegram" in result.stdout and "bot.answer.ask -> bot.settings" in result.stdout
