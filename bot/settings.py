"""Settings read from the environment and `.env`; built once in `main()` and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Settings(BaseSettings):
    """Every option of newsbot; each is documented in `.env.example`."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    corpus_dir: Path = Field(
        default=BUNDLED_SEEDS,
        validation_alias="NEWSBOT_CORPUS_DIR",
        description="Folder of newspaper issue files (.txt); the bundled seeds by default.",
    )
    data_dir: Path = Field(
        default=Path("data"),
        validation_alias="NEWSBOT_DATA_DIR",
        description="Where the index, caches and chat state are kept.",
    )
    paper: str = Field(
        default="许昌日报",
        validation_alias="NEWSBOT_PAPER",
        description="Paper name used when a file has no masthead.",
    )
    engine: str = Field(
        default="bm25s",
        validation_alias="NEWSBOT_ENGINE",
        description="Ranking engine: bm25s (fast, default) or rank-bm25.",
    )
    userdict: Path | None = Field(
        default=None,
        validation_alias="NEWSBOT_USERDICT",
        description="Extra jieba user dictionary (word [freq] [tag] per line), added to the bundled one.",
    )
    log_level: str = Field(
        default="WARNING",
        validation_alias="NEWSBOT_LOG_LEVEL",
        description="Logging level: DEBUG, INFO, WARNING or ERROR.",
    )
    telegram_bot_token: SecretStr | None = Field(
        default=None,
        validation_alias="TELEGRAM_BOT_TOKEN",
        description="Telegram bot token; without it `make run` opens the terminal REPL.",
    )
