"""The bot's SQLite stores: per-chat state (turns, paging, blocks) and digest subscriptions."""
