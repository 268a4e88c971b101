"""PAdES signatures on an acta PDF: fields, signing in turn, validation and tampering.

Everything is generated here (a reportlab PDF, a throwaway CA and its certificates);
nothing is downloaded and validation never goes to the network."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.pdfgen import canvas

from db.locale_pe import LIMA, moment_text
from forms.signature_validation import validate_pdf
from forms.signing import (
    FieldState,
    SigningError,
    add_signature_fields,
    document_keywords,
    load_credentials,
    sign_pdf,
    signature_fields,
)
from forms.slots import SignatureSlot
from tests.support.pki import build_pki

KEYWORDS = "SESIONA|ACTA|cdrpeti-ucayali|2025-03-12|huella:3f9a0c"
BODY = "Acta de la sesion ordinaria del CDRPETI Ucayali"
SLOTS = [
    SignatureSlot("firma_presidencia", 1, (72, 90, 270, 150)),
    SignatureSlot("firma_secretaria", 1, (320, 90, 518, 150)),
]
# A fixed minute an hour ago (inside every test certificate's validity), so the summary
# can be compared word for word.
SIGNED_AT = (datetime.now(LIMA) - timedelta(hours=1)).replace(second=0, microsecond=0)


def make_pdf(pages: int = 2, *, keywords: str | None = KEYWORDS) -> bytes:
    buffer = BytesIO()
    # Uncompressed page streams keep the text findable, so a test can alter one word.
    pdf = canvas.Canvas(buffer, pageCompression=0)
    if keywords:
        pdf.setKeywords(keywords)
    for page in range(pages):
        pdf.drawString(72, 760, f"{BODY} - pagina {page + 1}")
        pdf.drawString(72, 740, "Acuerdo 1: aprobar el plan regional 2025.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def byte_ranges(pdf: bytes) -> list[tuple[int, int, int, int]]:
    """The /ByteRange of every signature, in file order (= signing order here)."""
    found = re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf)
    return [(int(a), int(b), int(c), int(d)) for a, b, c, d in (m.groups() for m in found)]


def covered(offset: int, byte_range: tuple[int, int, int, int]) -> bool:
    start1, length1, start2, length2 = byte_range
    return start1 <= offset < start1 + length1 or start2 <= offset < start2 + length2


def flip(pdf: bytes, offset: int) -> bytes:
    data = bytearray(pdf)
    data[offset] ^= 0x01
    return bytes(data)


@pytest.fixture(scope="module")
def pki():
    return build_pki()


@pytest.fixture(scope="module")
def prepared() -> bytes:
    return add_signature_fields(make_pdf(), SLOTS)


@pytest.fixture(scope="module")
def signed_once(prepared, pki) -> bytes:
    ana = load_credentials(pki.ana.p12, pki.ana.password, now=SIGNED_AT)
    return sign_pdf(prepared, "firma_presidencia", ana, location="Pucallpa", now=SIGNED_AT)


@pytest.fixture(scope="module")
def signed_twice(signed_once, pki) -> bytes:
    luis = load_credentials(pki.luis.p12, pki.luis.password)
    return sign_pdf(signed_once, "firma_secretaria", luis, now=SIGNED_AT + timedelta(minutes=7))


# --- fields -----------------------------------------------------------------------------

def test_fields_are_added_empty_at_their_boxes_without_touching_the_original():
    original = make_pdf()
    prepared = add_signature_fields(original, SLOTS)
    assert prepared.startswith(original)  # incremental update
    assert signature_fields(prepared) == [FieldState("firma_presidencia", False),
                                          FieldState("firma_secretaria", False)]
    reader = PdfFileReader(BytesIO(prepared))
    second_page = reader.root["/Pages"]["/Kids"][1]
    widgets = [annot.get_object() for annot in second_page["/Annots"]]
    rects = {str(w["/T"]): [float(x) for x in w["/Rect"]] for w in widgets}
    assert rects == {s.field_name: list(s.box) for s in SLOTS}


@pytest.mark.parametrize("slot, message", [
    (SignatureSlot("firma_x", 5, (72, 90, 270, 150)), "no tiene la página 6"),
    (SignatureSlot("firma_presidencia", 0, (72, 90, 270, 150)), "ya tiene un campo"),
    (SignatureSlot("firma.x", 0, (72, 90, 270, 150)), "no es válido"),
])
def test_bad_slots_are_refused(prepared, slot, message):
    with pytest.raises(SigningError, match=message):
        add_signature_fields(prepared, [slot])


# --- signing in turn and validating -----------------------------------------------------

def test_two_signatories_sign_in_turn_and_both_signatures_validate(
        prepared, signed_once, signed_twice, pki):
    assert signed_once.startswith(prepared) and signed_twice.startswith(signed_once)
    assert signature_fields(signed_twice) == [FieldState("firma_presidencia", True),
                                              FieldState("firma_secretaria", True)]
    first, second = validate_pdf(signed_twice, [pki.ca])

    assert (first.field_name, first.signer_name, first.organisation) == (
        "firma_presidencia", "Ana Pérez Quispe", "MIMP")
    assert (second.field_name, second.signer_name, second.organisation) == (
        "firma_secretaria", "Luis Huamán Rojas", "Gobierno Regional de Ucayali")
    for report in (first, second):
        assert report.intact and report.valid and report.trusted
        assert not report.modified_after and not report.broken
    assert first.later_revisions and not second.later_revisions
    assert first.signing_time == SIGNED_AT
    assert second.signing_time == SIGNED_AT + timedelta(minutes=7)
    assert first.summary == (f"Firma íntegra de Ana Pérez Quispe (MIMP), {moment_text(SIGNED_AT)};"
                             " el documento no cambió después, salvo firmas posteriores.")
    assert second.summary.endswith("; el documento no cambió después.")


def test_trust_roots_may_be_given_as_der_bytes(signed_once, pki):
    from cryptography.hazmat.primitives.serialization import Encoding

    [report] = validate_pdf(signed_once, [pki.ca.public_bytes(Encoding.DER)])
    assert report.trusted


def test_an_unknown_authority_is_untrusted_but_not_broken(signed_twice):
    reports = validate_pdf(signed_twice)
    assert [(r.intact, r.valid, r.trusted, r.broken) for r in reports] == [
        (True, True, False, False)] * 2
    assert "No se pudo verificar la cadena del certificado" in reports[0].summary


def test_an_unsigned_pdf_has_no_signatures_to_report(prepared):
    assert validate_pdf(make_pdf()) == []
    assert validate_pdf(prepared) == []


# --- tampering --------------------------------------------------------------------------

def test_a_changed_word_in_the_original_content_breaks_every_signature(signed_twice, pki):
    offset = signed_twice.index(BODY.encode())  # inside page 1's content stream
    first_range = byte_ranges(signed_twice)[0]
    assert covered(offset, first_range) and offset < first_range[0] + first_range[1]
    reports = validate_pdf(flip(signed_twice, offset), [pki.ca])
    # Both digests cover the first revision, so neither matches any more.
    assert [(r.intact, r.broken) for r in reports] == [(False, True), (False, True)]
    assert reports[0].summary == "FIRMA ROTA: el contenido fue alterado después de firmar."


def test_a_changed_byte_in_the_second_signature_stamp_breaks_only_the_second(
        signed_once, signed_twice, pki):
    first_range, second_range = byte_ranges(signed_twice)
    offset = signed_twice.index(b"Firmado", len(signed_once)) + 2  # second's appearance
    assert not covered(offset, first_range) and covered(offset, second_range)
    first, second = validate_pdf(flip(signed_twice, offset), [pki.ca])
    assert not second.intact and second.broken
    # pyHanko compares revisions object by object: the altered object is the appearance
    # of a signature field being filled, which its diff policy accepts as form filling,
    # so the first signature still reports an untouched document.
    assert first.intact and not first.modified_after and not first.broken


def test_a_changed_catalog_in_the_second_revision_flags_the_first_as_modified(
        signed_once, signed_twice, pki):
    first_range, second_range = byte_ranges(signed_twice)
    offset = signed_twice.index(b"/Catalog", len(signed_once)) + 3  # /Catalog -> /Cbtalog
    assert not covered(offset, first_range) and covered(offset, second_range)
    first, second = validate_pdf(flip(signed_twice, offset), [pki.ca])
    assert not second.intact and second.broken
    # The first signature's own bytes are intact, but pyHanko's diff analysis sees a
    # document catalog rewritten in a way no signing or form filling explains.
    assert first.intact and first.modified_after and first.broken
    assert first.summary.startswith("FIRMA ROTA: el documento firmado por Ana Pérez Quispe")


def test_content_appended_after_signing_breaks_both_without_touching_their_bytes(
        signed_twice, pki):
    writer = IncrementalPdfFileWriter(BytesIO(signed_twice))
    extra = writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 12 Tf 72 600 Td (Acuerdo 2: otro texto) Tj ET"))
    writer.add_stream_to_page(0, extra)
    out = BytesIO()
    writer.write(out)
    reports = validate_pdf(out.getvalue(), [pki.ca])
    assert [(r.intact, r.modified_after, r.broken) for r in reports] == [(True, True, True)] * 2


def test_a_damaged_signature_blob_is_reported_broken_not_raised(signed_twice, pki):
    # The OID of the signed content type ("data") right inside the first CMS blob; a
    # changed digit makes pyHanko fail with AttributeError rather than a clean verdict.
    start = signed_twice.index(b"/Contents <")
    offset = signed_twice.index(b"2A864886F70D010701", start) + 17
    first, second = validate_pdf(flip(signed_twice, offset), [pki.ca])
    assert first.broken and not first.intact and first.signer_name == ""
    assert first.field_name == "firma_presidencia"
    # The first blob is part of the revision the second signature covers.
    assert second.broken and not second.intact and second.signer_name == "Luis Huamán Rojas"


def test_unlinking_the_form_does_not_make_signatures_disappear(signed_twice, pki):
    writer = IncrementalPdfFileWriter(BytesIO(signed_twice))
    del writer.root["/AcroForm"]
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    reports = validate_pdf(out.getvalue(), [pki.ca])
    assert [(r.field_name, r.broken) for r in reports] == [("", True), ("", True)]


# --- document keywords ------------------------------------------------------------------

def test_document_keywords_reads_what_reportlab_wrote(signed_twice):
    assert document_keywords(make_pdf()) == KEYWORDS
    assert document_keywords(signed_twice) == KEYWORDS
    assert document_keywords(make_pdf(keywords=None)) is None


def test_keywords_rewritten_after_signing_are_ignored(signed_once, pki):
    writer = IncrementalPdfFileWriter(BytesIO(signed_once))
    info_ref = writer.trailer.raw_get("/Info")
    info_ref.get_object()["/Keywords"] = generic.TextStringObject("SESIONA|ACTA|falsa")
    writer.mark_update(info_ref)
    out = BytesIO()
    writer.write(out)
    # pyHanko's change analysis does not look at the information dictionary ...
    assert not validate_pdf(out.getvalue(), [pki.ca])[0].broken
    # ... so the keywords are read as the signatures cover them.
    assert document_keywords(out.getvalue()) == KEYWORDS


# --- errors the user can hit ------------------------------------------------------------

def test_wrong_password(pki):
    with pytest.raises(SigningError) as error:
        load_credentials(pki.ana.p12, "otra-clave")
    assert error.value.message == "La contraseña del certificado no es correcta."


def test_expired_certificate(pki):
    expiry = pki.expired.certificate.not_valid_after_utc.astimezone(LIMA)
    with pytest.raises(SigningError) as error:
        load_credentials(pki.expired.p12, pki.expired.password)
    assert error.value.message == (f"El certificado de Rosa Mamani Torres venció el "
                                   f"{expiry:%d/%m/%Y}; no se puede firmar con él.")


def test_not_yet_valid_certificate(pki):
    with pytest.raises(SigningError, match="recién será válido desde el"):
        load_credentials(pki.not_yet_valid.p12, pki.not_yet_valid.password)


def test_credentials_expire_between_loading_and_signing(prepared, pki):
    ana = load_credentials(pki.ana.p12, pki.ana.password)
    with pytest.raises(SigningError, match="venció"):
        sign_pdf(prepared, "firma_presidencia", ana, now=ana.not_after + timedelta(days=1))


def test_a_file_that_is_not_pkcs12(pki):
    with pytest.raises(SigningError, match="no es un certificado digital PKCS#12"):
        load_credentials(b"\x89PNG\r\n\x1a\n" + bytes(64), "x")


def test_a_pkcs12_without_private_key(pki):
    with pytest.raises(SigningError, match="no contiene la clave privada"):
        load_credentials(pki.certificate_only_p12, pki.ana.password)


def test_credentials_from_a_file(tmp_path, pki):
    path = tmp_path / "ana.p12"
    path.write_bytes(pki.ana.p12)
    credentials = load_credentials(path, pki.ana.password)
    assert (credentials.subject_name, credentials.organisation) == ("Ana Pérez Quispe", "MIMP")
    with pytest.raises(SigningError, match="No se pudo leer"):
        load_credentials(tmp_path / "no-existe.p12", pki.ana.password)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(200), b"Acta en texto\n", b""])
def test_a_file_that_is_not_a_pdf(data, pki):
    credentials = load_credentials(pki.ana.p12, pki.ana.password)
    for call in (lambda: validate_pdf(data), lambda: signature_fields(data),
                 lambda: sign_pdf(data, "firma_presidencia", credentials)):
        with pytest.raises(SigningError, match="no es un PDF válido"):
            call()


def test_signing_a_field_that_does_not_exist(prepared, pki):
    credentials = load_credentials(pki.ana.p12, pki.ana.password)
    with pytest.raises(SigningError) as error:
        sign_pdf(prepared, "firma_tesoreria", credentials)
    assert error.value.message == "El documento no tiene el campo de firma «firma_tesoreria»."


def test_signing_a_field_already_signed(signed_once, pki):
    credentials = load_credentials(pki.luis.p12, pki.luis.password)
    with pytest.raises(SigningError, match="ya está firmado"):
        sign_pdf(signed_once, "firma_presidencia", credentials)
