"""A throwaway public-key infrastructure for signing tests, built in memory with
``cryptography``: nothing is downloaded and no real identity is involved.

One CA issues every certificate, so validating with the CA as trust root exercises the
whole chain. Validity windows are relative to the real clock because pyHanko checks the
signer's certificate against the current time when validating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSWORD = "clave-de-prueba-2025"


@dataclass(frozen=True)
class Identity:
    name: str
    organisation: str
    certificate: x509.Certificate
    p12: bytes  # PKCS#12 with key, certificate and the CA, encrypted with ``password``
    password: str = PASSWORD


@dataclass(frozen=True)
class Pki:
    ca: x509.Certificate
    ca_pem: bytes
    ana: Identity  # RSA key, like most national-ID certificates
    luis: Identity  # EC key, to cover the other signature mechanism
    expired: Identity
    not_yet_valid: Identity
    certificate_only_p12: bytes  # a PKCS#12 holding a certificate but no private key


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _issue(subject, public_key, issuer, issuer_key, not_before, not_after, *, ca=False):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.KeyUsage(
                # pyHanko wants non-repudiation (or digital signature) on a signer's cert
                digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _p12(label: str, key, certificate, ca: x509.Certificate, password: str) -> bytes:
    return pkcs12.serialize_key_and_certificates(
        label.encode(), key, certificate, [ca],
        serialization.BestAvailableEncryption(password.encode()),
    )


def build_pki(now: datetime | None = None) -> Pki:
    now = now or datetime.now(UTC)
    day = timedelta(days=1)
    ca_key = _rsa_key()
    ca_name = _name("Autoridad de Certificación de Prueba Sesiona", "Sesiona Pruebas")
    ca = _issue(ca_name, ca_key.public_key(), ca_name, ca_key, now - 400 * day,
                now + 3650 * day, ca=True)

    def identity(name, organisation, key, not_before, not_after) -> Identity:
        cert = _issue(_name(name, organisation), key.public_key(), ca_name, ca_key,
                      not_before, not_after)
        return Identity(name, organisation, cert, _p12(name, key, cert, ca, PASSWORD))

    ana = identity("Ana Pérez Quispe", "MIMP", _rsa_key(), now - 30 * day, now + 730 * day)
    luis = identity("Luis Huamán Rojas", "Gobierno Regional de Ucayali",
                    ec.generate_private_key(ec.SECP256R1()), now - 30 * day, now + 730 * day)
    expired = identity("Rosa Mamani Torres", "DRTPE Ucayali",
                       ec.generate_private_key(ec.SECP256R1()), now - 365 * day, now - 10 * day)
    not_yet = identity("Jorge Soto Vela", "DRTPE Ucayali",
                       ec.generate_private_key(ec.SECP256R1()), now + 10 * day, now + 365 * day)
    certificate_only = pkcs12.serialize_key_and_certificates(
        b"solo certificado", None, ana.certificate, None,
        serialization.BestAvailableEncryption(PASSWORD.encode()),
    )
    return Pki(
        ca=ca,
        ca_pem=ca.public_bytes(serialization.Encoding.PEM),
        ana=ana,
        luis=luis,
        expired=expired,
        not_yet_valid=not_yet,
        certificate_only_p12=certificate_only,
    )
