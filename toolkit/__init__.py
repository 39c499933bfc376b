"""Informational Interview Tracker: a spreadsheet-native follow-through toolkit."""

__version__ = "0.1.0"
