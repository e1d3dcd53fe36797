"""Answers, digests and archive records as plain text, JSON and Telegram HTML (split to message size)."""
