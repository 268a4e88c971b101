"""Reading request bodies strictly: size, compression, JSON, types, with Spanish problems.

Anything wrong is a 4xx naming the problem, raised before the database is touched:
413 too large (also after decompression), 415 an unknown ``Content-Encoding``, 400 not
JSON (NaN and Infinity are not JSON), 422 the wrong shape or types. Text that a database
cannot store (NUL characters, lone surrogates) and integers beyond 64 bits are 422 too,
so that neither backend ever fails on them with a 5xx.
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections.abc import Sequence
from typing import Any

from fastapi import HTTPException
from pydantic import ValidationError

from contract.protocol import MAX_BODY_BYTES, PushRequest

MAX_INT = 2**63 - 1
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
TOO_LARGE = ("La solicitud supera el tamaño máximo ({mib} MiB). Envíe los cambios en lotes "
             "más pequeños.")

_MESSAGES = {
    "missing": "falta este campo",
    "extra_forbidden": "campo no permitido",
    "int_type": "debe ser un número entero",
    "int_parsing": "debe ser un número entero",
    "int_from_float": "debe ser un número entero",
    "string_type": "debe ser texto",
    "bool_type": "debe ser verdadero o falso",
    "bool_parsing": "debe ser verdadero o falso",
    "dict_type": "debe ser un objeto JSON",
    "model_type": "debe ser un objeto JSON",
    "model_attributes_type": "debe ser un objeto JSON",
    "list_type": "debe ser una lista",
    "literal_error": "valor no permitido (se esperaba {expected})",
    "string_too_short": "es demasiado corto (mínimo {min_length} caracteres)",
    "string_too_long": "es demasiado largo (máximo {max_length} caracteres)",
    "too_long": "tiene demasiados elementos (máximo {max_length})",
    "too_short": "tiene muy pocos elementos (mínimo {min_length})",
    "greater_than_equal": "debe ser mayor o igual que {ge}",
    "greater_than": "debe ser mayor que {gt}",
    "less_than_equal": "debe ser menor o igual que {le}",
    "json_invalid": "no es JSON válido",
}
_PLACES = {"query": "parámetro", "path": "ruta", "header": "encabezado"}


def problem(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail)


def too_large() -> HTTPException:
    return problem(413, TOO_LARGE.format(mib=MAX_BODY_BYTES // (1024 * 1024)))


def _location(loc: Sequence[Any]) -> str:
    parts = list(loc)
    prefix = ""
    if parts and parts[0] in ("body", "query", "path", "header"):
        prefix = _PLACES.get(parts.pop(0), "")
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"{prefix} {text}".strip() if prefix else (text or "el cuerpo")


def spanish_errors(errors: Sequence[Any], limit: int = 3) -> str:
    """Pydantic's errors as one Spanish sentence naming where each problem is."""
    described = []
    for error in list(errors)[:limit]:
        template = _MESSAGES.get(error.get("type", ""), "valor no válido")
        ctx = {k: str(v).replace(" or ", " o ") for k, v in (error.get("ctx") or {}).items()}
        try:
            message = template.format(**ctx)
        except (KeyError, IndexError):
            message = "valor no válido"
        described.append(f"{_location(error.get('loc', ()))}: {message}")
    more = len(errors) - limit
    tail = f" (y {more} problema(s) más)" if more > 0 else ""
    return "Datos no válidos: " + "; ".join(described) + tail + "."


def decompress(body: bytes, encoding: str | None, limit: int = MAX_BODY_BYTES) -> bytes:
    encoding = (encoding or "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding != "gzip":
        raise problem(415, f"Compresión no admitida: «{encoding}». Use gzip.")
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = inflater.decompress(body, limit + 1)
        if len(data) > limit or inflater.unconsumed_tail:
            raise too_large()
        data += inflater.flush()
    except zlib.error:
        raise problem(400, "El cuerpo comprimido (gzip) está dañado.") from None
    if len(data) > limit:
        raise too_large()
    if not inflater.eof:
        raise problem(400, "El cuerpo comprimido (gzip) está incompleto.")
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} no es un valor JSON")


def decode_text(body: bytes) -> str:
    if not body:
        raise problem(400, "El cuerpo de la solicitud está vacío: se esperaba JSON.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise problem(400, "El cuerpo no está en UTF-8.") from None


class _Numbers:
    """Number hooks for the JSON parser that note whether any number is beyond what a
    database stores (an integer over 64 bits, a float that overflowed to infinity)."""

    def __init__(self) -> None:
        self.unstorable = False

    def integer(self, text: str) -> int:
        value = int(text)
        if abs(value) > MAX_INT:
            self.unstorable = True
        return value

    def real(self, text: str) -> float:
        value = float(text)
        if not math.isfinite(value):
            self.unstorable = True
        return value


def parse_json(body: bytes | str, numbers: _Numbers | None = None) -> Any:
    text = decode_text(body) if isinstance(body, bytes) else body
    if not text:
        raise problem(400, "El cuerpo de la solicitud está vacío: se esperaba JSON.")
    hooks: dict[str, Any] = {} if numbers is None else {
        "parse_int": numbers.integer, "parse_float": numbers.real}
    try:
        return json.loads(text, parse_constant=_no_constant, **hooks)
    except json.JSONDecodeError as error:
        raise problem(400, f"El cuerpo no es JSON válido (línea {error.lineno}, columna "
                           f"{error.colno}).") from None
    except ValueError as error:
        raise problem(400, f"El cuerpo no es JSON válido: {error}.") from None
    except RecursionError:
        raise problem(400, "El cuerpo no es JSON aceptable: demasiados niveles anidados.") \
            from None


def check_storable(data: Any) -> None:
    """Every string storable (no NUL, valid UTF-8), every integer within 64 bits."""
    stack: list[tuple[Any, str]] = [(data, "el cuerpo")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise problem(422, f"Datos no válidos: {where} contiene un carácter nulo.")
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise problem(422, f"Datos no válidos: {where} contiene texto mal "
                                   "codificado.") from None
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_INT:
                raise problem(422, f"Datos no válidos: {where} es un número demasiado grande.")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise problem(422, f"Datos no válidos: {where} no es un número finito.")
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, dict):
            stack.extend((key, where) for key in value)
            stack.extend((item, f"{where}.{key}") for key, item in value.items())


def parse_push(body: bytes, encoding: str | None) -> PushRequest:
    text = decode_text(decompress(body, encoding))
    numbers = _Numbers()
    data = parse_json(text, numbers)
    # The walk that names an unstorable value is needed only if the parser met a number out
    # of range, or a \u escape (the only way JSON text holds a NUL or a lone surrogate:
    # strict JSON has no raw control characters, and valid UTF-8 no surrogates).
    if numbers.unstorable or "\\u" in text:
        check_storable(data)
    try:
        request = PushRequest.model_validate(data)
    except ValidationError as error:
        raise problem(422, spanish_errors(error.errors())) from None
    names: set[str] = set()  # field names already found valid
    for i, op in enumerate(request.operations):
        for name, value in op.fields.items():
            if name not in names:
                if not FIELD_NAME.fullmatch(name):
                    raise problem(422, f"Datos no válidos: operations[{i}].fields: «{name}» "
                                       "no es un nombre de campo válido.")
                names.add(name)
            if not (value is None or isinstance(value, str | int | float | bool)):
                raise problem(422, f"Datos no válidos: operations[{i}].fields.{name} debe "
                                   "ser un valor simple (texto, número, verdadero/falso o "
                                   "nulo).")
    return request
