"""Issue 12 in the panel: it cannot be made to serve a replaced file as «acta firmada».

After every way of slipping another file in is refused (through push and bundle, on
SQLite and PostgreSQL), the panel's «Acta firmada (PDF)» still returns the bytes signed;
a file merely labelled «acta firmada» at an unsigned session is not offered as one.
"""

from __future__ import annotations

from tests.dashboard.support import create_staff, login
from tests.security.support import FORGED, SCAN, sha256, sign_acta
from tests.server.support import delete, insert, update


def _signed_download(channel, session_id: str):
    return channel.hq.client.get(f"/panel/sesiones/{session_id}/acta-firmada.pdf")


def test_the_panel_serves_the_signed_bytes_after_a_refused_replacement(channel):
    acta = sign_acta(channel)
    create_staff(channel.hq.engine)
    login(channel.hq.client)
    first = _signed_download(channel, acta.session_id)
    assert first.status_code == 200 and first.content == SCAN

    forged = {"committee_id": acta.committee_id, "mime_type": "application/pdf",
              "size": len(FORGED), "sha256": sha256(FORGED)}
    # Dated later than the signed file, so that the panel, which offers the newest, would
    # pick it if it were stored.
    newest = insert("attachments", session_id=acta.session_id, purpose="acta_firmada_fisica",
                    file_name="acta-firmada.pdf", **forged)
    newest["fields"]["created_at"] = "2099-01-01T00:00:00.000Z"
    results = channel.send([
        update("attachments", acta.file_id, sha256=sha256(FORGED), size=len(FORGED)),
        delete("attachments", acta.file_id),
        newest,
    ], (FORGED,))
    assert [r.outcome for r in results] == ["rejected"] * 3
    # The forged bytes may even reach the store on their own (uploads are
    # content-addressed): no row of the signed acta names them.
    channel.upload(FORGED)

    again = _signed_download(channel, acta.session_id)
    assert again.status_code == 200 and again.content == SCAN
    assert again.headers["content-type"] == "application/pdf"

    # A «signed» file at a session that is not signed is not offered as its signed acta.
    labelled = insert("attachments", session_id=acta.later_session_id,
                      purpose="acta_firmada_fisica", file_name="acta-firmada.pdf", **forged)
    assert channel.send([labelled], (FORGED,))[0].outcome == "applied"
    assert _signed_download(channel, acta.later_session_id).status_code == 404
    page = channel.hq.client.get(f"/panel/comites/{acta.committee_id}")
    assert f"/panel/sesiones/{acta.session_id}/acta-firmada.pdf" in page.text
    assert f"/panel/sesiones/{acta.later_session_id}/acta-firmada.pdf" not in page.text
