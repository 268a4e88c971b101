"""Headquarters settings, read from the environment (``SESIONA_HQ_*``), declared once here.

* ``SESIONA_HQ_DATABASE_URL``: ``postgresql://…`` in production; by default a SQLite file in
  the user's data folder, so ``sesiona-hq serve`` works on a fresh machine with no setup.
* ``SESIONA_HQ_DATA_DIR``: where attachment bytes are kept (``blobs/ab/abcdef…``). Several
  workers share it, so with more than one machine it must be shared storage.
* ``SESIONA_HQ_ALLOW_HTTP``: the server speaks plain HTTP and is meant to sit behind a TLS
  reverse proxy on the same machine (bound to 127.0.0.1). Binding to another address needs
  this visibly named setting (``1``): tokens would otherwise cross the network in clear.
* ``SESIONA_HQ_ENROLL_HOURS``: how long an enrolment code stays valid (72 by default).
* ``SESIONA_HQ_MAX_BLOB_BYTES``: the largest attachment accepted (512 MiB by default).
* ``SESIONA_HQ_SECRET_KEY``: signs the dashboard's session cookies (32+ characters). Unset,
  a key is generated once in the data folder (``panel-secret.key``, permissions 0600).
* ``SESIONA_HQ_PANEL_IDLE_MINUTES``: a dashboard session unused this long ends (30 by
  default); whatever the activity, one ends 12 hours after signing in.
* ``SESIONA_HQ_ACTIVE_MONTHS``: a committee is «activo» on the dashboard when it held a
  session in the last N months (6 by default).

Like the FastAPI template, settings refuse placeholder secrets: a database URL whose
password is ``changethis`` (or a similar placeholder) stops the server at start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

APP_DIR = "sesiona-hq"
PLACEHOLDER_SECRETS = frozenset({"changethis", "changeme", "change_me", "cambiar", "secret"})


class SettingsError(ValueError):
    """A setting that cannot be used; the message is Spanish and shown as it is."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR, appauthor=False))


def normalize_database_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (``postgresql+psycopg://``)."""
    url = url.strip()
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "si", "sí"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} debe ser un número entero (se recibió «{raw}»).") from None
    if value <= 0:
        raise SettingsError(f"{name} debe ser mayor que cero.")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    allow_http: bool = False
    enroll_hours: int = 72
    max_blob_bytes: int = 512 * 1024 * 1024
    secret_key: str | None = None
    active_months: int = 6
    panel_idle_minutes: int = 30

    def __post_init__(self) -> None:
        object.__setattr__(self, "database_url", normalize_database_url(self.database_url))
        try:
            url = make_url(self.database_url)
        except ArgumentError:
            raise SettingsError(
                f"La dirección de la base de datos no es válida: «{self.database_url}».") from None
        if url.get_backend_name() not in {"sqlite", "postgresql"}:
            raise SettingsError(
                "La base de datos debe ser PostgreSQL (postgresql://…) o un archivo SQLite "
                "(sqlite:///ruta).")
        if url.password and url.password.lower() in PLACEHOLDER_SECRETS:
            raise SettingsError(
                f"La contraseña de la base de datos es «{url.password}», un valor de ejemplo: "
                "cámbiela antes de poner en marcha la sede central.")
        if self.secret_key is not None:
            if self.secret_key.strip().lower() in PLACEHOLDER_SECRETS:
                raise SettingsError("SESIONA_HQ_SECRET_KEY es un valor de ejemplo: use una "
                                    "clave aleatoria de al menos 32 caracteres.")
            if len(self.secret_key) < 32:
                raise SettingsError("SESIONA_HQ_SECRET_KEY debe tener al menos 32 caracteres.")
        if self.panel_idle_minutes < 1:
            raise SettingsError("SESIONA_HQ_PANEL_IDLE_MINUTES debe ser de al menos 1 minuto.")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    def with_database(self, url: str | None) -> Settings:
        return self if not url else replace(self, database_url=url)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("SESIONA_HQ_DATA_DIR") or default_data_dir())
        url = env.get("SESIONA_HQ_DATABASE_URL") or f"sqlite:///{data_dir / 'sesiona-hq.sqlite'}"
        return cls(
            database_url=url,
            data_dir=data_dir,
            allow_http=_flag(env.get("SESIONA_HQ_ALLOW_HTTP")),
            enroll_hours=_int(env, "SESIONA_HQ_ENROLL_HOURS", 72),
            max_blob_bytes=_int(env, "SESIONA_HQ_MAX_BLOB_BYTES", 512 * 1024 * 1024),
            secret_key=env.get("SESIONA_HQ_SECRET_KEY") or None,
            active_months=_int(env, "SESIONA_HQ_ACTIVE_MONTHS", 6),
            panel_idle_minutes=_int(env, "SESIONA_HQ_PANEL_IDLE_MINUTES", 30),
        )

    def to_env(self) -> dict[str, str]:
        """The same settings as variables, for uvicorn's worker processes."""
        return {
            "SESIONA_HQ_DATABASE_URL": self.database_url,
            "SESIONA_HQ_DATA_DIR": str(self.data_dir),
            "SESIONA_HQ_ALLOW_HTTP": "1" if self.allow_http else "0",
            "SESIONA_HQ_ENROLL_HOURS": str(self.enroll_hours),
            "SESIONA_HQ_MAX_BLOB_BYTES": str(self.max_blob_bytes),
            "SESIONA_HQ_ACTIVE_MONTHS": str(self.active_months),
            "SESIONA_HQ_PANEL_IDLE_MINUTES": str(self.panel_idle_minutes),
        } | ({"SESIONA_HQ_SECRET_KEY": self.secret_key} if self.secret_key else {})
