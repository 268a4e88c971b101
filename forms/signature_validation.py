"""Checking the signatures of an acta PDF, made by Sesiona or by another tool (e.g. Peru's
national signing platform): who signed, when, whether the signed bytes are intact and
whether the document changed afterwards in a way that is more than later signatures.

Validation is offline: only the trust roots the caller passes are trusted (never the
operating system's list) and revocation information is neither fetched nor required."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    PdfSignatureStatus,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko_certvalidator import ValidationContext

from db.locale_pe import in_lima, moment_text
from forms.signing import DAMAGE, NOT_A_PDF, SigningError, open_reader

# Changes after a signature that do not touch what was signed: filling fields (which is
# what a later signature does) and adding validation material.
BYTE_RANGE = re.compile(rb"/ByteRange\s*\[")
HARMLESS_CHANGES = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                    ModificationLevel.FORM_FILLING)
# Peruvian signing certificates carry non-repudiation, digital signature or both; pyHanko
# alone would insist on non-repudiation.
KEY_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})
# A CMS blob altered in place (e.g. a content-type or digest-algorithm OID) makes pyHanko
# 0.38 trip over its own attributes, which surfaces as AttributeError.
SIGNATURE_DAMAGE = (*DAMAGE, AttributeError)
UNTRUSTED = (" No se pudo verificar la cadena del certificado con una autoridad "
             "certificadora registrada.")


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer_name: str
    organisation: str
    signing_time: datetime | None  # Lima time; a trusted timestamp wins over the signer's
    intact: bool  # the signed bytes' digest matches
    valid: bool  # cryptographically valid signature
    trusted: bool  # chains to one of the given trust roots
    modified_after: bool  # changed afterwards beyond later signatures / form filling
    later_revisions: bool  # informative: incremental updates after this signature
    summary: str

    @property
    def broken(self) -> bool:
        return not self.intact or not self.valid or self.modified_after


def _asn1_root(root: x509.Certificate | bytes) -> asn1_x509.Certificate:
    if isinstance(root, x509.Certificate):
        root = root.public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(root)


def _name_part(cert: asn1_x509.Certificate, key: str) -> str:
    value = cert.subject.native.get(key, "")
    return ", ".join(value) if isinstance(value, list) else str(value)


def _signing_time(status: PdfSignatureStatus) -> datetime | None:
    stamp = status.timestamp_validity
    if stamp is not None and stamp.intact and stamp.valid:
        return in_lima(stamp.timestamp)
    reported = status.signer_reported_dt
    return in_lima(reported) if reported else None


def _modified_after(status: PdfSignatureStatus) -> bool:
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return False
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return True  # the signature does not even cover its own revision cleanly
    diff = status.diff_result
    return not (isinstance(diff, DiffResult) and diff.modification_level in HARMLESS_CHANGES
                and status.docmdp_ok is not False)


def _summary(name: str, organisation: str, when: datetime | None, intact: bool, valid: bool,
             trusted: bool, modified_after: bool, later: bool) -> str:
    who = f"{name} ({organisation})" if organisation else name
    if not intact:
        return "FIRMA ROTA: el contenido fue alterado después de firmar."
    if not valid:
        return f"FIRMA ROTA: la firma de {who} no es válida criptográficamente."
    if modified_after:
        return (f"FIRMA ROTA: el documento firmado por {who} fue modificado después con "
                "cambios que no son firmas posteriores.")
    text = f"Firma íntegra de {who}"
    if when is not None:
        text += f", {moment_text(when)}"
    text += "; el documento no cambió después" + (", salvo firmas posteriores." if later
                                                  else ".")
    return text if trusted else text + UNTRUSTED


def _unreadable(field_name: str) -> SignatureReport:
    """A signature that cannot even be read; ``field_name`` is "" if it is unlinked."""
    return SignatureReport(
        field_name=field_name, signer_name="", organisation="", signing_time=None,
        intact=False, valid=False, trusted=False, modified_after=True, later_revisions=False,
        summary="FIRMA ROTA: la firma está dañada o el contenido fue alterado después de "
                "firmar.",
    )


def _report(reader: PdfFileReader, field_name: str, field_ref,
            context: ValidationContext) -> SignatureReport | None:
    try:
        embedded = EmbeddedPdfSignature(reader, field_ref, field_name)
        if embedded.sig_object_type == "/DocTimeStamp":
            return None  # a document timestamp (PAdES-LTA) is nobody's signature
        status = validate_pdf_signature(embedded, context, key_usage_settings=KEY_USAGE)
        cert = status.signing_cert
        name = _name_part(cert, "common_name") or cert.subject.human_friendly
        organisation = _name_part(cert, "organization_name")
        later = embedded.signed_revision < reader.xrefs.total_revisions - 1
    except SIGNATURE_DAMAGE:
        # Tampering can break the file structure before pyHanko reaches the digest check.
        return _unreadable(field_name)
    when = _signing_time(status)
    modified = _modified_after(status)
    return SignatureReport(
        field_name=field_name, signer_name=name, organisation=organisation,
        signing_time=when, intact=status.intact, valid=status.valid, trusted=status.trusted,
        modified_after=modified, later_revisions=later,
        summary=_summary(name, organisation, when, status.intact, status.valid,
                         status.trusted, modified, later),
    )


def validate_pdf(pdf: bytes, trust_roots: Iterable[x509.Certificate | bytes] = (), *,
                 now: datetime | None = None) -> list[SignatureReport]:
    """One report per filled signature field, in the order of the document's form."""
    reader = open_reader(pdf)
    try:
        roots = [_asn1_root(root) for root in trust_roots]
    except ValueError as error:
        raise SigningError("Uno de los certificados raíz registrados está dañado.") from error
    context = ValidationContext(
        trust_roots=roots,  # an empty list means "trust nothing", never the OS store
        allow_fetching=False, revocation_mode="soft-fail",
        moment=in_lima(now) if now else None,
    )
    try:
        signed = list(fields.enumerate_sig_fields(reader, filled_status=True))
    except DAMAGE as error:
        raise SigningError(NOT_A_PDF) from error
    reports = [_report(reader, name, field_ref, context) for name, _, field_ref in signed]
    # Altering the form (/AcroForm, /Fields, the catalog) can unlink a signature so that it
    # silently disappears; every signature dictionary still in the file must be accounted
    # for. Signature dictionaries are never in compressed object streams (their
    # /ByteRange is patched in place), so a byte search finds them all.
    unlinked = len(BYTE_RANGE.findall(pdf)) - len(signed)
    reports += [_unreadable("")] * max(unlinked, 0)
    return [report for report in reports if report is not None]
