"""End to end on loopback: entries headquarters publishes in the central catalogues reach
a device on its next pull, new ones and corrections of the rows it shipped with."""

from __future__ import annotations

from db.domain import catalog
from server.sync import catalogue
from tests.sync.conftest import sync


def test_published_catalogue_entries_reach_the_device(hq, tmp_path):
    device = hq.device(tmp_path / "a.sqlite", "PE-CUS")
    sync(device)
    catalogue.publish_institution(hq.engine, "SENAJU", "Secretaría Nacional de la Juventud",
                                  "estado_nacional")
    catalogue.publish_institution(hq.engine, "MTPE", "Ministerio de Trabajo y Promoción del "
                                  "Empleo — Sede Central", "estado_nacional")
    catalogue.publish_unit(hq.engine, "Campaña radial")
    assert sync(device).pulled == 3
    senaju = catalog.find_institution(device, "SENAJU")
    assert senaju is not None and senaju["is_custom"] == 0
    assert catalog.find_institution(device, "MTPE")["name"].endswith("Sede Central")
    assert catalog.find_unit(device, "campaña radial") is not None
    mtpe = device.execute("SELECT count(*) FROM institutions WHERE acronym = 'MTPE'"
                          ).fetchone()[0]
    assert mtpe == 1  # the shipped row corrected in place, not a second one
    assert device.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
