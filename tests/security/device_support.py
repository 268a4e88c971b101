"""A signed acta with every part the ownership rule names, and the "nothing changed" check.

Built through the real data layer (tests/db/factories.py) and signed by the real wet
signature; every table of ``contract.acta_ownership.PARTS`` has rows of that session,
including a deleted invitee and annex (so that restoring can be tried).
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlite_utils

from contract import acta_ownership
from db.documents.acta_fingerprint import device_fingerprint
from db.domain import agreements, attachments, catalog, minutes, sessions, signatures
from tests.db.factories import make_full_session, snapshot, walk_to

ANNEX_PDF = b"%PDF-1.4\n% anexo del acta\n%%EOF\n"
OTHER_PDF = b"%PDF-1.4\n% otro archivo, no firmado\n%%EOF\n"


def signed_acta(db: sqlite_utils.Database) -> dict[str, Any]:
    """``make_full_session``, with an annex, a removed invitee and a removed annex, signed
    by hand, an erratum registered, and a later (unsigned) session of the same committee
    that follows the signed acta's agreements up."""
    ids = make_full_session(db)
    session_id = ids["session"]
    ids["annex"] = attachments.add_annex(db, session_id, "anexo.pdf", ANNEX_PDF)
    ids["removed_annex"] = attachments.add_annex(db, session_id, "quitado.pdf", OTHER_PDF)
    attachments.remove_annex(db, ids["removed_annex"])
    ids["removed_invitee"] = sessions.add_invitee(db, session_id, "Invitado Retirado")
    sessions.remove_invitee(db, ids["removed_invitee"])
    walk_to(db, session_id, "acta_firmada")
    ids["signed_file"] = signatures.signed_files(db, session_id)[0]["id"]
    ids["errata"] = signatures.add_errata(db, session_id, sessions.get_session(
        db, session_id)["signed_on"], "Donde dice «Ríos» debe decir «Rios».")
    ids["later"] = sessions.create_session(db, ids["committee"], date="2099-02-20")
    ids["followup_here"] = agreements.session_followups(db, session_id)[0]["followup_id"]
    ids["item"] = minutes.listing(db, "agenda_items", session_id)[0]["id"]
    ids["intervention"] = minutes.listing(db, "interventions", ids["item"])[0]["id"]
    ids["report"] = minutes.listing(db, "reports", session_id)[0]["id"]
    ids["invitee"] = sessions.invitees(db, session_id)[0]["id"]
    ids["attendance"] = db.execute("SELECT id FROM attendance WHERE session_id = ?"
                                   " AND deleted_at IS NULL", [session_id]).fetchone()[0]
    ids["responsible"] = db.execute(
        "SELECT id FROM agreement_responsibles WHERE agreement_id = ?",
        [ids["agreements"][0]]).fetchone()[0]
    ids["mimp"] = catalog.institution_id("MIMP")
    ids["minedu"] = catalog.institution_id("MINEDU")
    for table in acta_ownership.PARTS:  # the fixture really covers the whole rule
        owned = [r for r in db.query(f"SELECT * FROM [{table}]")
                 if (acta_ownership.owning_session(_lookup(db), table, r) or {}).get("id")
                 == session_id]
        assert owned, f"the signed acta has no rows in {table}"
    return ids


def _lookup(db: sqlite_utils.Database):
    def lookup(table: str, row_id: str):
        found = list(db.query(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]))
        return found[0] if found else None
    return lookup


def state(db: sqlite_utils.Database, session_id: str) -> dict[str, Any]:
    """What must not move when a write is refused: row counts of every synced table, the
    whole change log, every stored blob's bytes, and the acta's content fingerprint."""
    return {
        "counts": snapshot(db),
        "change_log": [tuple(r) for r in db.execute(
            "SELECT op_id, table_name, row_id, op, fields FROM change_log ORDER BY seq")],
        "blobs": {r[0]: hashlib.sha256(r[1]).hexdigest()
                  for r in db.execute("SELECT sha256, data FROM blobs")},
        "fingerprint": device_fingerprint(db, session_id),
        "session": sessions.get_session(db, session_id),
    }
