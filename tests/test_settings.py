"""Settings: the environment's names and the fields' own names both work; .env is optional."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings


def test_settings_by_field_name_and_by_environment_name(tmp_path: Path) -> None:
    assert Settings(_env_file=None, data_dir=tmp_path / "a").data_dir == tmp_path / "a"
    assert Settings(_env_file=None, NEWSBOT_DATA_DIR=tmp_path / "b").data_dir == tmp_path / "b"


def test_environment_and_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("NEWSBOT_ENGINE=rank-bm25\nTELEGRAM_BOT_TOKEN=123:abc\n", encoding="utf-8")
    monkeypatch.setenv("NEWSBOT_TIMEZONE", "Europe/Berlin")
    settings = Settings(_env_file=env_file)
    assert (settings.engine, settings.timezone) == ("rank-bm25", "Europe/Berlin")
    assert settings.telegram_bot_token is not None and settings.telegram_bot_token.get_secret_value() == "123:abc"
    assert "123:abc" not in repr(settings)  # the token never shows in logs or tracebacks
