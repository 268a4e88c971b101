"""Digital signatures (PAdES) on the acta PDF, with pyHanko.

The acta is prepared once with one empty signature field per signatory; each signatory
then signs *their* field in turn with a PKCS#12 certificate file. Every step is an
incremental update, so earlier signatures keep covering exactly the bytes they signed.
Validation lives in ``forms.signature_validation`` (re-exported here).

Nothing here touches the network: no timestamp authority, no revocation fetching."""

from __future__ import annotations

import decimal
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from db.errors import SesionaError
from db.locale_pe import in_lima, lima_now, moment_text, short_date
from forms.slots import SignatureSlot

if TYPE_CHECKING:
    from forms.signature_validation import SignatureReport, validate_pdf

# pyHanko logs a traceback for every chain it cannot build (any untrusted certificate).
# The outcome is in our reports; keep those tracebacks off the user's terminal unless the
# application configures logging itself.
for _library in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_library).addHandler(logging.NullHandler())

NOT_A_PDF = "El archivo no es un PDF válido o está dañado."
# What pyHanko raises on a damaged file: PdfError, or ValueError subclasses (its
# SignatureValidationError, SuspiciousModification and CMS errors, asn1crypto's parsing
# errors); a damaged object graph also surfaces as KeyError or TypeError, and a damaged
# number token as decimal.InvalidOperation (an ArithmeticError).
DAMAGE = (misc.PdfError, ValueError, KeyError, TypeError, decimal.InvalidOperation)
# Courier (the stamp's built-in font) covers Spanish letters through WinAnsi encoding, so
# no font file has to be embedded for «Pérez» or «Huamán».
STAMP_STYLE = TextStampStyle(
    stamp_text="Firmado digitalmente por:\n%(signer)s\n%(organisation)s\nFecha: %(when)s",
    border_width=1,
)


class SigningError(SesionaError):
    """A certificate or a PDF could not be used to sign or to validate a signature."""


@dataclass(frozen=True)
class Credentials:
    signer: signers.SimpleSigner
    subject_name: str
    organisation: str
    not_before: datetime
    not_after: datetime


@dataclass(frozen=True)
class FieldState:
    name: str
    signed: bool


# --- shared helpers (also used by forms.signature_validation) ---------------------------

def open_reader(pdf: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(BytesIO(pdf))
        reader.root  # noqa: B018 - a broken catalogue only shows up when it is read
    except DAMAGE as error:
        raise SigningError(NOT_A_PDF) from error
    if reader.encrypted:
        raise SigningError("El PDF está protegido con contraseña; Sesiona no puede firmarlo "
                           "ni verificar sus firmas.")
    return reader


def _write(writer: IncrementalPdfFileWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


# --- certificates -----------------------------------------------------------------------

def _name_part(name: x509.Name, oid) -> str:
    return ", ".join(str(a.value) for a in name.get_attributes_for_oid(oid))


def _read_pkcs12(data: bytes, password: str):
    # cryptography answers both "wrong password" and "not PKCS#12" with ValueError, so the
    # structure is checked first with asn1crypto to tell the two apart.
    try:
        asn1_pkcs12.Pfx.load(data, strict=True)["auth_safe"].native  # noqa: B018
    except ValueError as error:
        raise SigningError("El archivo no es un certificado digital PKCS#12 (.p12 o .pfx).") \
            from error
    # An empty password may mean "no password" or "encrypted with the empty string".
    attempts = [password.encode("utf-8")] if password else [None, b""]
    for attempt in attempts:
        try:
            return pkcs12.load_key_and_certificates(data, attempt)
        except ValueError:
            continue
    raise SigningError("La contraseña del certificado no es correcta.")


def check_validity(subject_name: str, not_before: datetime, not_after: datetime,
                   now: datetime | None) -> None:
    now = in_lima(now) if now else datetime.now(UTC)
    if now > not_after:
        raise SigningError(f"El certificado de {subject_name} venció el "
                           f"{short_date(in_lima(not_after).date())}; no se puede firmar con él.")
    if now < not_before:
        raise SigningError(f"El certificado de {subject_name} recién será válido desde el "
                           f"{short_date(in_lima(not_before).date())}; todavía no se puede "
                           "firmar con él.")


def load_credentials(p12: bytes | Path, password: str, *,
                     now: datetime | None = None) -> Credentials:
    """Open a signatory's PKCS#12 file. The password is used here and never kept."""
    if isinstance(p12, str | os.PathLike):
        path = Path(p12)
        try:
            p12 = path.read_bytes()
        except OSError as error:
            raise SigningError(f"No se pudo leer el archivo del certificado «{path.name}».") \
                from error
    key, cert, chain = _read_pkcs12(p12, password)
    # Checked in this order because a PKCS#12 without a key files its certificate among
    # the "additional" ones: cert is None too, but the missing key is the real problem.
    if key is None:
        raise SigningError("El archivo del certificado no contiene la clave privada; pida a "
                           "su entidad el archivo .p12/.pfx completo.")
    if cert is None:
        raise SigningError("El archivo no contiene un certificado de firma.")
    der = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(der, spki) != cert.public_key().public_bytes(der, spki):
        raise SigningError("La clave privada del archivo no corresponde a su certificado.")
    subject_name = (_name_part(cert.subject, NameOID.COMMON_NAME)
                    or cert.subject.rfc4514_string())
    organisation = _name_part(cert.subject, NameOID.ORGANIZATION_NAME)
    check_validity(subject_name, cert.not_valid_before_utc, cert.not_valid_after_utc, now)
    try:
        key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    except (ValueError, TypeError) as error:
        raise SigningError("El tipo de clave del certificado no está soportado.") from error
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        # The intermediates travel inside the signature so a validator can build the chain.
        cert_registry=SimpleCertificateStore.from_certs(
            [asn1_x509.Certificate.load(c.public_bytes(der)) for c in chain]),
    )
    return Credentials(signer, subject_name, organisation,
                       cert.not_valid_before_utc, cert.not_valid_after_utc)


# --- fields -----------------------------------------------------------------------------

def add_signature_fields(pdf: bytes, slots: list[SignatureSlot]) -> bytes:
    """Append one empty signature field per slot, as an incremental update."""
    reader = open_reader(pdf)
    existing = {state.name for state in _field_states(reader)}
    try:
        pages = int(reader.root["/Pages"]["/Count"])
        writer = IncrementalPdfFileWriter(BytesIO(pdf), prev=reader)
        for slot in slots:
            if "." in slot.field_name or not slot.field_name:
                raise SigningError(f"El nombre de campo de firma «{slot.field_name}» no es "
                                   "válido.")
            if slot.field_name in existing:
                raise SigningError(f"El documento ya tiene un campo de firma "
                                   f"«{slot.field_name}».")
            if not 0 <= slot.page < pages:
                raise SigningError(f"El documento no tiene la página {slot.page + 1}.")
            existing.add(slot.field_name)
            fields.append_signature_field(writer, fields.SigFieldSpec(
                sig_field_name=slot.field_name, on_page=slot.page,
                box=tuple(slot.box),  # type: ignore[arg-type]  # hinted int, takes float
            ))
        return _write(writer)
    except DAMAGE as error:
        raise SigningError(NOT_A_PDF) from error


def _field_states(reader: PdfFileReader) -> list[FieldState]:
    try:
        return [FieldState(name, value is not None)
                for name, value, _ in fields.enumerate_sig_fields(reader)]
    except DAMAGE as error:
        raise SigningError(NOT_A_PDF) from error


def signature_fields(pdf: bytes) -> list[FieldState]:
    """Every signature field, filled or not, in the order of the document's form."""
    return _field_states(open_reader(pdf))


def _first_signed_revision(reader: PdfFileReader) -> int | None:
    revisions = []
    for _, _, field_ref in fields.enumerate_sig_fields(reader, filled_status=True):
        value = field_ref.get_object().raw_get("/V")  # the reference, not the dictionary
        if isinstance(value, generic.IndirectObject):
            revisions.append(reader.xrefs.get_last_change(value.reference))
    return min(revisions, default=None)


def document_keywords(pdf: bytes) -> str | None:
    """The /Keywords of the document information dictionary.

    pyHanko's change analysis ignores the information dictionary, so a later incremental
    update could rewrite /Keywords without breaking any signature. Once the document is
    signed, the value is therefore read as of the revision the first signature covers,
    which every signature vouches for; an unsigned document gives its latest value."""
    reader = open_reader(pdf)
    try:
        revision = _first_signed_revision(reader)
        view = reader if revision is None else reader.get_historical_resolver(revision)
        info = view.trailer_view.raw_get("/Info")
        if isinstance(info, generic.IndirectObject):
            # resolved through the view: the trailer's own reference reads the latest copy
            info = view.get_object(info.reference)
        value = info["/Keywords"]
    except KeyError:
        return None
    except DAMAGE as error:
        raise SigningError(NOT_A_PDF) from error
    if isinstance(value, bytes):  # a string pyHanko could not decode as PDF text
        value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    return str(value) or None  # reportlab writes an empty /Keywords when none was set


# --- signing ----------------------------------------------------------------------------

class _PinnedTimeSigner(signers.PdfSigner):
    """pyHanko takes the signing time from the clock; the caller's ``now`` wins instead,
    so the /M entry, the visible stamp and the app's own record agree to the minute."""

    def __init__(self, *args: Any, moment: datetime, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._moment = moment

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._moment
        return session


def sign_pdf(pdf: bytes, field_name: str, credentials: Credentials, *,
             reason: str = "Suscripción del acta", location: str = "",
             now: datetime | None = None) -> bytes:
    """Sign the existing empty field ``field_name``; returns the PDF with the new revision."""
    moment = in_lima(now) if now else lima_now()
    check_validity(credentials.subject_name, credentials.not_before, credentials.not_after,
                   moment)
    reader = open_reader(pdf)
    state = {s.name: s.signed for s in _field_states(reader)}
    if field_name not in state:
        raise SigningError(f"El documento no tiene el campo de firma «{field_name}».")
    if state[field_name]:
        raise SigningError(f"El campo de firma «{field_name}» ya está firmado.")
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason or None, location=location or None,
        md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
    )
    signer = _PinnedTimeSigner(meta, credentials.signer, stamp_style=STAMP_STYLE,
                               moment=moment)
    writer = IncrementalPdfFileWriter(BytesIO(pdf), prev=reader)
    text = {"organisation": credentials.organisation, "when": moment_text(moment)}
    try:
        out = signer.sign_pdf(writer, existing_fields_only=True, appearance_text_params=text)
    except PyHankoSigningError as error:
        # e.g. an earlier certification signature that forbids any change, or seed-value
        # constraints on the field that this certificate does not meet
        raise SigningError("No se pudo firmar: el documento o el campo de firma imponen "
                           "condiciones que esta firma no cumple (por ejemplo, una firma "
                           "anterior lo bloqueó contra cambios).") from error
    except DAMAGE as error:
        raise SigningError(NOT_A_PDF) from error
    return out.getvalue()


def __getattr__(name: str) -> Any:
    # Validation lives in its own module, which imports the helpers above; importing it
    # lazily keeps ``from forms.signing import validate_pdf`` working without a cycle.
    if name in ("SignatureReport", "validate_pdf"):
        from forms import signature_validation

        return getattr(signature_validation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Credentials", "FieldState", "SignatureReport", "SigningError", "add_signature_fields",
    "document_keywords", "load_credentials", "sign_pdf", "signature_fields", "validate_pdf",
]
