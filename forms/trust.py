"""The certificate authorities whose signatures Sesiona calls «trusted».

Nothing is downloaded and the operating system's list is not used: the roots are the
certificates shipped in ``resources/trust`` (e.g. the national PKI roots, added by the
installer) plus those a user copies into their own «confianza» folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from cryptography import x509

from forms.signing import SigningError
from resources import resource_path

SUFFIXES = {".pem", ".crt", ".cer", ".der"}


def user_trust_dir() -> Path:
    return platformdirs.user_config_path("Sesiona", appauthor=False) / "confianza"


def read_certificates(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as error:
        raise SigningError(
            f"«{path.name}» no es un certificado de autoridad válido (PEM o DER).") from error


@dataclass
class TrustRoots:
    certificates: list[x509.Certificate] = field(default_factory=list)
    sources: list[Path] = field(default_factory=list)
    #: Spanish messages for files in the folders that could not be read; they are skipped
    #: so that one damaged file does not make every other authority untrusted.
    problems: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, extra: Iterable[Path | str] = (), *,
             folders: Iterable[Path] | None = None) -> TrustRoots:
        roots = cls()
        for folder in folders if folders is not None else (resource_path("trust"),
                                                           user_trust_dir()):
            if folder.is_dir():
                for path in sorted(folder.iterdir()):
                    if path.suffix.lower() in SUFFIXES:
                        try:
                            roots.add(path)
                        except SigningError as exc:
                            roots.problems.append(exc.message)
        for extra_path in extra:  # named by the user: a bad one is an error, not a skip
            roots.add(Path(extra_path))
        return roots

    def add(self, path: Path) -> None:
        if not path.is_file():
            raise SigningError(f"No se encontró el certificado «{path}».")
        self.certificates.extend(read_certificates(path))
        self.sources.append(path)
