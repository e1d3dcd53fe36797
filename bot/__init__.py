"""newsbot's edges: settings, the engine, the CLI, the Telegram bot and the digests."""
