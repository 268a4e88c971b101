"""Attachments' bytes: chunked upload that resumes, verification by SHA-256, download only
within the device's scope, and the files a push still lacks."""

from __future__ import annotations

import hashlib
import os

from contract.protocol import BlobStatus
from tests.server.support import LIMA, UCAYALI, committee, insert


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(device, digest, chunk, offset, size=None):
    params = {"offset": offset} | ({"size": size} if size is not None else {})
    return device.client.put(f"/api/v1/blobs/{digest}", params=params, content=chunk,
                             headers={**device.headers,
                                      "Content-Type": "application/octet-stream"})


def status(device, digest) -> BlobStatus:
    response = device.client.get(f"/api/v1/blobs/{digest}", headers=device.headers)
    assert response.status_code == 200, response.text
    return BlobStatus.model_validate(response.json())


def test_chunked_upload_resumes_after_a_break(hq, settings):
    device = hq.enroll(UCAYALI)
    data = os.urandom(300_000)
    digest = sha(data)
    assert status(device, digest) == BlobStatus(sha256=digest, size=None, received=0,
                                                complete=False)
    assert put(device, digest, data[:100_000], 0, len(data)).json()["received"] == 100_000
    # The connection broke; the device asks where to resume.
    resume = status(device, digest)
    assert (resume.received, resume.complete) == (100_000, False)
    wrong = put(device, digest, data[200_000:], 200_000, len(data))
    assert wrong.status_code == 409
    assert BlobStatus.model_validate(wrong.json()).received == 100_000
    assert put(device, digest, data[100_000:200_000], 100_000, len(data)).status_code == 200
    done = put(device, digest, data[200_000:], 200_000, len(data))
    assert done.status_code == 200
    assert BlobStatus.model_validate(done.json()) == BlobStatus(
        sha256=digest, size=len(data), received=len(data), complete=True)
    stored = settings.blob_dir / digest[:2] / digest
    assert stored.read_bytes() == data
    assert not (settings.blob_dir / digest[:2] / f"{digest}.part").exists()
    # Sending it again is harmless.
    assert put(device, digest, data, 0, len(data)).json()["complete"] is True


def test_without_a_declared_size_the_hash_completes_it(hq):
    device = hq.enroll(UCAYALI)
    data = b"acta escaneada" * 1000
    digest = sha(data)
    assert put(device, digest, data[:5000], 0).json()["complete"] is False
    assert put(device, digest, data[5000:], 5000).json()["complete"] is True


def test_a_hash_mismatch_is_rejected_and_discarded(hq, settings):
    device = hq.enroll(UCAYALI)
    data = b"contenido original"
    digest = sha(data)
    assert put(device, digest, b"contenido", 0, len(data)).status_code == 200
    bad = put(device, digest, b" ORIGINAL", 9, len(data))
    assert bad.status_code == 422
    assert "no coincide" in bad.json()["detail"]
    assert status(device, digest).received == 0
    assert not any(settings.blob_dir.rglob("*.part"))
    assert put(device, digest, data, 0, len(data)).json()["complete"] is True


def test_bad_hashes_and_oversize_files_are_refused(hq, settings):
    device = hq.enroll(UCAYALI)
    assert put(device, "ABC", b"x", 0).status_code == 422
    assert put(device, "A" * 64, b"x", 0).status_code == 422
    too_big = put(device, "a" * 64, b"x", 0, settings.max_blob_bytes + 1)
    assert too_big.status_code == 413
    assert put(device, "a" * 64, b"x", 0, 0).status_code == 422  # more than declared


def test_push_names_missing_files_and_download_is_scoped(hq):
    ucayali, lima = hq.enroll(UCAYALI), hq.enroll(LIMA)
    data = b"%PDF-1.7 anexo"
    digest = sha(data)
    c = committee(UCAYALI)
    attachment = insert("attachments", committee_id=c["row_id"], purpose="anexo",
                        file_name="anexo.pdf", mime_type="application/pdf", size=len(data),
                        sha256=digest)
    response = ucayali.push([c, attachment])
    assert response.missing_blobs == [digest]
    assert ucayali.push([c, attachment]).missing_blobs == [digest]  # a replay says it too
    url = f"/api/v1/blobs/{digest}/content"
    assert ucayali.client.get(url, headers=ucayali.headers).status_code == 404
    assert put(ucayali, digest, data, 0, len(data)).json()["complete"] is True
    assert ucayali.push([c, attachment]).missing_blobs == []
    reader = hq.enroll(UCAYALI, "Otra laptop")
    got = reader.client.get(url, headers=reader.headers)
    assert got.status_code == 200 and got.content == data
    assert got.headers["X-Content-SHA256"] == digest
    # Another region gets the answer of an unknown file (tests/security has the attacks).
    foreign = lima.client.get(url, headers=lima.headers)
    unknown = lima.client.get(f"/api/v1/blobs/{'0' * 64}/content", headers=lima.headers)
    assert (foreign.status_code, foreign.json()) == (404, unknown.json())
