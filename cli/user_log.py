"""Sesiona's log file, and keeping library chatter off the user's terminal.

Rules:
- Installed only by the real entry points (``sesiona`` run as a program, the app), never by
  tests, which keep Python's and pytest's own warning handling.
- Everything worth keeping (SQLite's original English, library warnings such as
  deprecations) goes to ``sesiona.log`` in the user's log folder; the terminal and the app
  show only the Spanish message.
- Python warnings are routed to the log (``logging.captureWarnings``), and deprecation
  warnings are dropped before that: they concern Sesiona's developers, not the user.
- A log folder that cannot be created never stops Sesiona: the records are then dropped
  rather than printed in English.
"""

from __future__ import annotations

import logging
import warnings
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "sesiona.log"
_installed: list[logging.Handler] = []


def log_path() -> Path:
    import platformdirs

    return platformdirs.user_log_path("Sesiona", appauthor=False) / LOG_NAME


def install() -> Path | None:
    """Send warnings and log records to the log file; returns its path (None if unwritable)."""
    for category in (DeprecationWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category)
    logging.captureWarnings(True)
    if _installed:
        return log_path()
    root = logging.getLogger()
    path: Path | None = log_path()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: "
                                               "%(message)s"))
    except OSError:
        handler, path = logging.NullHandler(), None
    # A handler on the root logger also keeps logging's «last resort» from printing to stderr.
    root.addHandler(handler)
    _installed.append(handler)
    return path
