"""One Sesiona at a time per database file.

Two windows writing the same file would each keep their own view of it and undo stacks that
no longer match, so the second one is refused. The lock is an operating-system lock on a small
file beside the database (``sesiona.sqlite.lock``): the system releases it when the process
ends, even if it crashed, so a stale lock never blocks the secretary. The database file itself
is never locked this way: SQLite's own byte-range locks live there (and on Windows a lock on
its first bytes would stop SQLite from reading them).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl


def lock_path(db_path: Path) -> Path:
    return Path(db_path).with_name(Path(db_path).name + ".lock")


class DatabaseInUse(Exception):
    """Another Sesiona process holds the database; ``message`` says so in Spanish."""

    def __init__(self, db_path: Path, owner_pid: int | None):
        self.db_path = Path(db_path)
        self.owner_pid = owner_pid
        process = f" (proceso {owner_pid})" if owner_pid else ""
        self.message = (
            f"La base de datos «{self.db_path.name}» ya está abierta en otra ventana de "
            f"Sesiona{process}. Use esa ventana, o ciérrela antes de abrir la base aquí: "
            "abrirla dos veces a la vez podría mezclar cambios. El archivo no se ha modificado.")
        super().__init__(self.message)


class InstanceLock:
    """Held while a window works on ``db_path``; ``release()`` (or process exit) frees it."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.path = lock_path(self.db_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        """Take the lock or raise DatabaseInUse. Nothing is written to the database."""
        if self._fd is not None:
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            owner = _read_pid(fd)
            os.close(fd)
            raise DatabaseInUse(self.db_path, owner) from None
        # Who holds it, for the other window's message. Written after the lock is ours.
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, str(os.getpid()).encode("ascii").ljust(_PID_WIDTH))
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)


# Windows locks a byte range, and a locked range cannot be read by another process: the lock
# sits past the PID so that the refused process can still read who holds it.
_PID_WIDTH = 16


def _lock(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, _PID_WIDTH, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        os.lseek(fd, _PID_WIDTH, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, _PID_WIDTH).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
