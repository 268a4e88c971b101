"""A progress and cancel handle for long work (building a PDF, importing, a sync round).

Long work is a plain function taking ``progress: Progress | None``. It reports with
``progress.step(fraction, message)``, which raises ``Cancelled`` once the caller asked to
stop. The Qt side adapts this to signals; tests and the command line use it directly.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from db.errors import SesionaError


class Cancelled(SesionaError):
    def __init__(self, message: str = "Operación cancelada por el usuario."):
        super().__init__(message)


class Progress:
    def __init__(self, on_step: Callable[[float, str], None] | None = None):
        self._on_step = on_step
        self._cancel = threading.Event()
        self.fraction = 0.0
        self.message = ""

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def step(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` (0–1) done; raise Cancelled if the caller asked to stop."""
        if self.cancelled:
            raise Cancelled()
        self.fraction = min(max(fraction, 0.0), 1.0)
        self.message = message or self.message
        if self._on_step is not None:
            self._on_step(self.fraction, self.message)


def report(progress: Progress | None, fraction: float, message: str = "") -> None:
    """``progress.step`` for functions whose handle is optional."""
    if progress is not None:
        progress.step(fraction, message)


def terminal_progress() -> Progress:
    """For the command lines: each new message on its own line of stderr, when stderr is a
    terminal (a script's log gets only the results)."""
    shown: list[str] = []

    def step(_fraction: float, message: str) -> None:
        if message and (not shown or shown[-1] != message) and sys.stderr.isatty():
            shown.append(message)
            print(f"  {message}", file=sys.stderr)

    return Progress(step)
