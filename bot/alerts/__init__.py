"""Saved searches that alert: which articles of a new issue each chat's saved searches find (pure)."""

from bot.alerts.match import AlertItem, IssueAlert, SavedSearch, issue_alerts, match_issue

__all__ = ["AlertItem", "IssueAlert", "SavedSearch", "issue_alerts", "match_issue"]
