"""Sync with headquarters in the app: settings dialog, background rounds, status, inbox."""
