"""Sesiona's data layer, split by concern. No Qt here.

* ``storage/``: connection, the file door, the one writer (``records``), blobs, migrations;
* ``domain/``: the entities (committees, sessions, agreements, signatures, plans…) and their
  rules;
* ``documents/``: the acta's content and the other session documents, as plain data;
* ``demo/``: the demonstration database;
* at the top, only what every part shares: ``errors``, ``locale_pe`` (Lima time, Peruvian
  formats) and ``spanish_argparse`` (both command lines' argparse in Spanish).

Importing this package first loads ``sqlite_utils`` without pandas and numpy. sqlite-utils
imports both at load time only to map their scalar types to column types, which Sesiona
never asks it to infer (every table is created by explicit migrations). Loading them cost
every command and the app's start about 400 ms and 45 MB; only the plan roll-ups need
pandas, and they import it themselves when they run.
"""

import sys


def _load_sqlite_utils_without_pandas() -> None:
    if "sqlite_utils" in sys.modules:
        return
    # A None entry makes `import pandas` raise ImportError, which sqlite-utils expects when
    # pandas is not installed. The entries are removed afterwards so that a later import
    # of pandas (a plan roll-up) loads it normally.
    blocked = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


_load_sqlite_utils_without_pandas()
