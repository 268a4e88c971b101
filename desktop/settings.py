"""Every QSettings key, declared once with its type and default.

Preferences and window state live in separate groups; secrets never live here (they go
to the system keyring).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")
SETTINGS_VERSION = 1


@dataclass(frozen=True)
class Key(Generic[T]):
    name: str
    type: type
    default: Any


# Preferences
LAST_DATABASE = Key[str]("preferences/last_database", str, "")
LAST_COMMITTEE = Key[str]("preferences/last_committee", str, "")
#: Where the last document was saved or a file was taken from: the next chooser opens there.
LAST_FOLDER = Key[str]("preferences/last_folder", str, "")
# Window state
MAIN_GEOMETRY = Key[QByteArray]("window/main_geometry", QByteArray, QByteArray())
MAIN_STATE = Key[QByteArray]("window/main_state", QByteArray, QByteArray())


class Settings:
    def __init__(self, qsettings: QSettings | None = None):
        self._s = qsettings or QSettings("MTPE", "Sesiona")
        self._migrate()

    def get(self, key: Key[T]) -> T:
        value = self._s.value(key.name, key.default)
        if value is None:
            return key.default
        if key.type is str:
            return str(value)  # type: ignore[return-value]
        return value  # type: ignore[no-any-return]

    def set(self, key: Key[T], value: T) -> None:
        self._s.setValue(key.name, value)

    def sync(self) -> None:
        self._s.sync()

    def _migrate(self) -> None:
        version = int(self._s.value("settings_version", 0) or 0)
        # Version 1 is the first layout; later layouts add steps here.
        if version < SETTINGS_VERSION:
            self._s.setValue("settings_version", SETTINGS_VERSION)
