"""argparse in Spanish (Peru), for both command lines: ``sesiona`` and ``sesiona-hq``.

argparse has no Spanish catalogue: its usage prefix, section titles and the help option
are set here, and its error messages are translated when printed.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

# argparse's own messages (it has no Spanish catalogue), translated when printed.
_ARGPARSE_MESSAGES = [
    (r"the following arguments are required: (.*)", r"faltan argumentos obligatorios: \1"),
    (r"unrecognized arguments: (.*)", r"argumentos no reconocidos: \1"),
    (r"argument (.*?): invalid choice: (.*?) \(choose from (.*)\)",
     r"argumento \1: opción no válida: \2 (elija entre \3)"),
    (r"argument (.*?): expected one argument", r"el argumento \1 necesita un valor"),
    (r"argument (.*?): ignored explicit argument (.*)", r"argumento \1: valor no admitido \2"),
    (r"ambiguous option: (.*?) could match (.*)", r"opción ambigua: \1 puede ser \2"),
    (r"argument (.*?): not allowed with argument (.*)",
     r"el argumento \1 no se puede usar junto con \2"),
    (r"argument (.*?): invalid (\w+) value: (.*)", r"argumento \1: valor no válido: \3"),
    (r"argument (.*?): (.*)", r"argumento \1: \2"),
]


def spanish(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class SpanishHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
        super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class SpanishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help, usage and errors read in Spanish."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", SpanishHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="muestra esta ayuda y termina")

    def error(self, message: str):  # type: ignore[no-untyped-def]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {spanish(message)}\n")
