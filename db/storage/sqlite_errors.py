"""SQLite's own messages in Spanish, for wherever one would reach the user.

SQLite (and so ``sqlite3``) speaks English: «database is locked», «disk I/O error»,
«UNIQUE constraint failed: …». Rules:

- ``spanish(exc)`` is the one translation. It names what happened and what the user can do;
  it never quotes SQLite's text, which stays in the log (Python logging, logger
  ``sesiona.sqlite``) so that support can still read it.
- ``as_sesiona_error(exc)`` wraps the translation in a ``SesionaError``, so code that already
  reports those (the command line, the app's operations and tasks) reports these too.
- A message nobody has translated yet gets a generic Spanish sentence, never the original.
"""

from __future__ import annotations

import logging
import sqlite3

from db.errors import SesionaError

log = logging.getLogger("sesiona.sqlite")

_NOT_SAVED = "No se guardó el cambio."

# (fragment of SQLite's message, lower case) → Spanish. The first match wins.
MESSAGES: tuple[tuple[str, str], ...] = (
    ("database is locked", "La base de datos está ocupada por otro programa o por otra "
                           "ventana de Sesiona. Espere un momento y vuelva a intentarlo."),
    ("database table is locked", "La base de datos está ocupada por otra operación. Espere "
                                 "un momento y vuelva a intentarlo."),
    ("disk i/o error", "Error de lectura o escritura en el disco. Compruebe que el disco o la "
                       "memoria USB siga conectado y vuelva a intentarlo."),
    ("database or disk is full", "El disco está lleno: libere espacio y vuelva a intentarlo. "
                                 + _NOT_SAVED),
    ("readonly database", "No se puede escribir en la base de datos: el archivo o su carpeta "
                          "son de solo lectura. Compruebe sus permisos. " + _NOT_SAVED),
    ("file is not a database", "El archivo no es una base de datos de Sesiona o está dañado. "
                               "No se ha modificado."),
    ("malformed", "El archivo de la base de datos está dañado. No se ha modificado; "
                  "ejecute «sesiona check» y recupere una copia de seguridad."),
    ("unique constraint failed", "Ya existe un registro con esos mismos datos. " + _NOT_SAVED),
    ("foreign key constraint failed", "El cambio se refiere a un registro que no existe o que "
                                      "otro registro todavía usa. " + _NOT_SAVED),
    ("not null constraint failed", "Falta un dato obligatorio. " + _NOT_SAVED),
    ("check constraint failed", "Un dato tiene un valor no permitido. " + _NOT_SAVED),
    ("no such table", "La base de datos no tiene la estructura que Sesiona espera (¿es de otra "
                      "versión o está dañada?). Ejecute «sesiona check» para revisarla."),
    ("no such column", "La base de datos no tiene la estructura que Sesiona espera (¿es de otra "
                       "versión o está dañada?). Ejecute «sesiona check» para revisarla."),
    ("unable to open database file", "No se pudo abrir el archivo de la base de datos: "
                                     "compruebe la ruta y los permisos de su carpeta."),
    ("interrupted", "La operación se interrumpió antes de terminar. " + _NOT_SAVED),
)
GENERIC = ("Error interno de la base de datos. " + _NOT_SAVED
           + " El detalle técnico quedó en el registro de Sesiona.")


def spanish(exc: sqlite3.Error) -> str:
    """The Spanish sentence for ``exc``; the original goes to the log."""
    original = str(exc)
    log.warning("SQLite: %s: %s", type(exc).__name__, original)
    lowered = original.casefold()
    for fragment, message in MESSAGES:
        if fragment in lowered:
            return message
    return GENERIC


def as_sesiona_error(exc: sqlite3.Error) -> SesionaError:
    return SesionaError(spanish(exc))
