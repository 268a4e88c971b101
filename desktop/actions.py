"""Identifiers of the main window's actions."""

from enum import Enum


class ActionId(Enum):
    NEW_COMMITTEE = "new_committee"
    OPEN_DATABASE = "open_database"
    QUIT = "quit"
    UNDO = "undo"
    REDO = "redo"
    ABOUT = "about"
    SYNC_SETTINGS = "sync_settings"
    SYNC_NOW = "sync_now"
    SYNC_CONFLICTS = "sync_conflicts"
