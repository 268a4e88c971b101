"""Writing a finished document: all at once, never half a file."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from db.errors import SesionaError


def write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target, then rename over it: a crash or a full disk leaves the old
    file (if any) intact and no partial document behind."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    replaced = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        replaced = True
    except PermissionError as exc:  # Windows: the file is open in Excel or a PDF reader
        raise SesionaError(f"No se pudo guardar «{path.name}»: el archivo está abierto en "
                           "otro programa o la carpeta no permite escribir.") from exc
    finally:
        if not replaced:
            Path(tmp).unlink(missing_ok=True)


def safe_name(text: str) -> str:
    """A file name that any Windows or Linux machine accepts: no accents, no separators."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", folded).strip("._") or "documento"
