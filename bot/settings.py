"""Settings read from the environment and `.env`; built once in `main()` and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

BUNDLED_SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Settings(BaseSettings):
    """Every option of newsbot; each is documented in `.env.example`."""

    # populate_by_name: Settings(data_dir=...) works as well as Settings(NEWSBOT_DATA_DIR=...)
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

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
        default="segments",
        validation_alias="NEWSBOT_ENGINE",
        description="Ranking engine: segments (default: grows by segments, exact BM25, top-k), bm25s "
                    "(the same scores precomputed in memory) or rank-bm25 (the slow reference).",
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
    telegram_base_url: str = Field(
        default="https://api.telegram.org",
        validation_alias="TELEGRAM_BASE_URL",
        description="Bot API server root (a self-hosted server, or the tests' fake one).",
    )
    telegram_webhook_url: str | None = Field(
        default=None,
        validation_alias="TELEGRAM_WEBHOOK_URL",
        description="Public HTTPS URL for webhook mode; without it the bot uses long polling.",
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None,
        validation_alias="TELEGRAM_WEBHOOK_SECRET",
        description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; requests without it are refused.",
    )
    telegram_webhook_listen: str = Field(
        default="127.0.0.1",
        validation_alias="TELEGRAM_WEBHOOK_LISTEN",
        description="Address the webhook server binds (behind a reverse proxy).",
    )
    telegram_webhook_port: int = Field(
        default=8443,
        validation_alias="TELEGRAM_WEBHOOK_PORT",
        description="Port the webhook server listens on.",
    )
    timezone: str = Field(
        default="Asia/Shanghai",
        validation_alias="NEWSBOT_TIMEZONE",
        description="Time zone of digest times (/subscribe HH:MM).",
    )
    digest_without_new_issue: bool = Field(
        default=False,
        validation_alias="NEWSBOT_DIGEST_WITHOUT_NEW_ISSUE",
        description="Send the daily digest even when no new issue arrived since the last one.",
    )
    corpus_check_seconds: int = Field(
        default=300,
        validation_alias="NEWSBOT_CORPUS_CHECK_SECONDS",
        description="How often a running bot looks for new issue files in the corpus folder.",
    )
