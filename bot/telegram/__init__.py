"""The Telegram edge: the application, its handlers, buttons, replies and digest jobs (the only async code)."""
