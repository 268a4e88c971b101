"""Talking to headquarters: the address rules, the secret store, HTTP and its errors in Spanish.

* **Transport.** TLS certificates are verified (httpx's default). Plain ``http://`` is
  refused unless the host is a loopback address or the visibly named setting «Permitir
  conexiones sin cifrar (http://)» is on.
* **The device's token** lives only in the system keyring (service «Sesiona», user
  ``dispositivo:<id>``): never in SQLite, settings, logs or error messages. Without a real
  keyring backend the user is told what to install; there is no plaintext fallback.
* **Errors** become SesionaError subclasses whose messages are shown as they are.
"""

from __future__ import annotations

import gzip
import ipaddress
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx
import keyring
import keyring.errors

from contract.protocol import API_PREFIX, PROTOCOL_HEADER, PROTOCOL_VERSION
from db.errors import SesionaError, ValidationError

KEYRING_SERVICE = "Sesiona"
HTTP_SETTING = "Permitir conexiones sin cifrar (http://)"
TIMEOUT = httpx.Timeout(60.0, connect=10.0)


class SyncError(SesionaError):
    """Sync could not complete. The database is consistent; a new round continues."""


class OfflineError(SyncError):
    pass


class RevokedError(SyncError):
    pass


class ForbiddenError(SyncError):
    """403. For a push: ``operations`` holds what headquarters said of each operation it
    refused as another region's ({op_id, table, row_id, reason}), empty if it said none."""

    def __init__(self, message: str, operations: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.operations = operations or []


class TooLargeError(SyncError):
    pass


class UpdateRequiredError(SyncError):
    pass


class ServerError(SyncError):
    pass


class NotEnrolledError(SyncError):
    pass


class KeyringUnavailableError(SyncError):
    pass


# Addresses -----------------------------------------------------------------------------

def is_loopback(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, *, allow_http: bool = False) -> str:
    """The normalised server address, or a Spanish ValidationError."""
    text = (url or "").strip().rstrip("/")
    if not text:
        raise ValidationError({"server_url": "Indique la dirección de la sede."})
    parts = urlsplit(text)
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise ValidationError({"server_url": (
            f"«{text}» no es una dirección válida: escriba, por ejemplo, "
            "https://sesiona.trabajo.gob.pe")})
    if parts.scheme == "http" and not allow_http and not is_loopback(parts.hostname):
        raise ValidationError({"server_url": (
            f"La dirección «{text}» usa http://, que viaja sin cifrar: use https://. Solo en "
            f"una red de pruebas de confianza, active «{HTTP_SETTING}» (en la línea de "
            "comandos, --permitir-http).")})
    if parts.query or parts.fragment:
        raise ValidationError({"server_url": f"«{text}» no debe llevar «?» ni «#»."})
    return text


# The secret store ------------------------------------------------------------------------

HOW_TO_GET_A_SECURE_STORE = (
    "En Windows se usa el Administrador de credenciales, que viene con el sistema. En Linux "
    "instale gnome-keyring o KWallet y el paquete python3-secretstorage (p. ej. «sudo apt "
    "install gnome-keyring python3-secretstorage»), cierre e inicie sesión de nuevo, y "
    "vuelva a intentarlo.")
NO_KEYRING = (
    "Este equipo no tiene un almacén seguro de contraseñas, y Sesiona nunca guarda la "
    "credencial del dispositivo en un archivo. " + HOW_TO_GET_A_SECURE_STORE)


def account(device_id: str) -> str:
    return f"dispositivo:{device_id}"


# The operating systems' own secret stores, by the keyring module that reaches them. Any
# other backend (keyrings.alt's plaintext or "encrypted" files, a null or failing one) is
# not a secure store, whatever it calls itself.
SECURE_BACKENDS = frozenset({
    "keyring.backends.SecretService",  # GNOME Keyring, KeePassXC… (Secret Service D-Bus API)
    "keyring.backends.libsecret",
    "keyring.backends.kwallet",
    "keyring.backends.Windows",  # Windows Credential Locker
    "keyring.backends.macOS",  # macOS Keychain
})


def is_secure_backend(backend: Any) -> bool:
    """Whether ``backend`` is one of the operating systems' secret stores (for a chain of
    backends: every one of them, since a write may land in any)."""
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends) and all(is_secure_backend(b) for b in backend.backends)
    module = type(backend).__module__
    return any(module == name or module.startswith(name + ".") for name in SECURE_BACKENDS)


def insecure_store_message(backend: Any) -> str:
    return (
        f"El almacén de contraseñas disponible en este equipo («{type(backend).__name__}», "
        f"de {type(backend).__module__.split('.')[0]}) no es el almacén seguro del sistema: "
        "guardaría la credencial del dispositivo en un archivo que otros programas podrían "
        "leer, y Sesiona no la guarda así. " + HOW_TO_GET_A_SECURE_STORE)


def check_keyring() -> None:
    """Raise KeyringUnavailableError unless the backend is a real secure store: none, a
    failing or null one, or a plaintext one (keyrings.alt) are all refused, never used."""
    from keyring.backends import fail, null

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring | null.Keyring):
        raise KeyringUnavailableError(NO_KEYRING)
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        raise KeyringUnavailableError(NO_KEYRING)
    if not is_secure_backend(backend):
        raise KeyringUnavailableError(insecure_store_message(backend))


def store_token(device_id: str, token: str) -> None:
    """Save the token and read it back; any failure is an error the user sees."""
    check_keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, account(device_id), token)
        stored = keyring.get_password(KEYRING_SERVICE, account(device_id))
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailableError(NO_KEYRING) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(
            "No se pudo guardar la credencial en el almacén seguro del sistema "
            f"({type(exc).__name__}). Desbloquéelo (o inicie sesión de nuevo) y vuelva a "
            "intentarlo.") from exc
    if stored != token:  # a backend that silently drops what it is given
        raise KeyringUnavailableError(NO_KEYRING)


def load_token(device_id: str) -> str:
    try:
        token = keyring.get_password(KEYRING_SERVICE, account(device_id))
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailableError(NO_KEYRING) from exc
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailableError(
            "No se pudo leer la credencial del dispositivo en el almacén seguro del sistema "
            f"({type(exc).__name__}). Desbloquéelo y vuelva a intentarlo.") from exc
    if not token:
        raise NotEnrolledError(
            "No se encontró la credencial de este dispositivo en el almacén seguro del "
            "sistema: vuelva a inscribirlo en Configuración → Sincronización.")
    return token


def forget_token(device_id: str) -> None:
    """Best effort: an old device's token is useless once the device is re-enrolled."""
    try:
        keyring.delete_password(KEYRING_SERVICE, account(device_id))
    except keyring.errors.KeyringError:
        pass


# HTTP ------------------------------------------------------------------------------------

OFFLINE = ("Sin conexión con la sede: no se pudo llegar a {0}. Los cambios siguen guardados "
           "en este equipo y se enviarán en la próxima sincronización.")


def _refused_operations(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        found = response.json().get("operations", [])
    except (ValueError, AttributeError):
        return []
    if not isinstance(found, list):
        return []
    return [item for item in found if isinstance(item, dict)
            and isinstance(item.get("op_id"), str) and isinstance(item.get("reason"), str)]


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except (ValueError, AttributeError):
        return ""
    if isinstance(detail, list):  # FastAPI's validation errors
        detail = "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d)
                           for d in detail)
    return str(detail)


def raise_for_status(response: httpx.Response) -> None:
    code = response.status_code
    if code < 400:
        return
    detail = _detail(response)
    suffix = f" ({detail})" if detail else ""
    if code == 401:
        raise RevokedError("El dispositivo fue revocado o su credencial no es válida: vuelva "
                           "a inscribirlo en Configuración → Sincronización." + suffix)
    if code == 403:
        raise ForbiddenError("La sede rechazó el envío: este dispositivo solo puede leer y "
                             "escribir los datos de su propia región." + suffix,
                             _refused_operations(response))
    if code == 413:
        raise TooLargeError("La sede rechazó el envío por ser demasiado grande." + suffix)
    if code == 426:
        raise UpdateRequiredError("Actualice Sesiona: la sede ya no acepta esta versión del "
                                  "programa." + suffix)
    if code >= 500:
        raise ServerError(f"La sede respondió con un error (código {code}). Los cambios "
                          "siguen guardados en este equipo; se reintentará más tarde.")
    raise SyncError(f"La sede rechazó la solicitud (código {code})." + suffix)


class Transport:
    """One session with headquarters: base address, protocol header, token, gzip bodies."""

    def __init__(self, server_url: str, token: str | None = None,
                 client: httpx.Client | None = None):
        self.server_url = server_url
        self.base = server_url + API_PREFIX
        self.headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self._own = client is None
        self.client = client or httpx.Client(timeout=TIMEOUT, verify=True)

    def close(self) -> None:
        if self._own:
            self.client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except httpx.TimeoutException as exc:
            raise OfflineError(OFFLINE.format(self.server_url) +
                               " (la sede tardó demasiado en responder)") from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            # Refused, reset, dropped or cut short: nothing was acknowledged.
            raise OfflineError(OFFLINE.format(self.server_url)) from exc

    def request(self, method: str, path: str, *, body: Any = None, content: bytes | None = None,
                params: dict[str, Any] | None = None, ok: tuple[int, ...] = (),
                compress: bool = False, raw_json: bytes | None = None) -> httpx.Response:
        """Send and return the response; a status in ``ok`` is returned, not raised.

        ``body`` goes as JSON (or ``raw_json``, already encoded), gzip-compressed with
        ``compress`` (pushes: the only large JSON bodies)."""
        headers = dict(self.headers)
        if body is not None or raw_json is not None:
            content = raw_json if raw_json is not None else json.dumps(
                body, ensure_ascii=False, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
            if compress:
                content = gzip.compress(content, compresslevel=5)
                headers["Content-Encoding"] = "gzip"
        elif content is not None:
            headers["Content-Type"] = "application/octet-stream"
        with self._translated():
            response = self.client.request(method, self.base + path, content=content,
                                           params=params, headers=headers)
            response.read()
        if response.status_code not in ok:
            raise_for_status(response)
        return response

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:  # a response cut short
            raise OfflineError(OFFLINE.format(self.server_url) +
                               " (la respuesta llegó incompleta)") from exc

    @contextmanager
    def stream(self, path: str) -> Iterator[httpx.Response]:
        with self._translated(), self.client.stream("GET", self.base + path,
                                                     headers=self.headers) as response:
            yield response
