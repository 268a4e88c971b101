"""Headquarters writes the central catalogues: a new institution or unit reaches every
region; a shipped institution is corrected under its own id; clashes are refused in
Spanish and nothing is published."""

from __future__ import annotations

import pytest

from db.domain.catalog import institution_id, unit_id
from server.cli.main import main
from server.sync import catalogue
from server.sync.catalogue import CatalogueError
from tests.server.support import LIMA, UCAYALI, insert, update


def test_new_and_corrected_entries_reach_every_region(hq):
    ucayali, lima = hq.enroll(UCAYALI), hq.enroll(LIMA)
    row_id, done = catalogue.publish_institution(hq.engine, "SENAJU", "Secretaría Nacional "
                                                 "de la Juventud",
                                                 "estado_nacional")
    assert (row_id, done) == (institution_id("SENAJU"), "agregada")
    shipped, done = catalogue.publish_institution(hq.engine, "MTPE", "Ministerio de Trabajo y "
                                                  "Promoción del Empleo (corregido)",
                                                  "estado_nacional")
    assert (shipped, done) == (institution_id("MTPE"), "corregida")
    unit = catalogue.publish_unit(hq.engine, "Campaña radial")
    assert unit == unit_id("Campaña radial")
    for device in (ucayali, lima):
        entries = {(e.table, e.row_id): e for e in device.pull_all()[0]}
        assert entries[("institutions", row_id)].fields["is_custom"] == 0
        assert entries[("institutions", shipped)].fields["name"].endswith("(corregido)")
        assert entries[("units", unit)].fields["name"] == "Campaña radial"
    refused = ucayali.push([update("institutions", row_id, name="Otro nombre")]).results[0]
    assert refused.outcome == "rejected" and "solo lectura" in refused.reason
    listed = {row["acronym"]: row for row in catalogue.institutions(hq.engine)}
    assert listed["SENAJU"]["origin"] == "sede central"
    assert listed["MTPE"]["name"].endswith("(corregido)")
    assert listed["MIMP"]["origin"] == "incluida"


def test_clashes_are_refused_and_nothing_is_published(hq):
    device = hq.enroll(UCAYALI)
    device.push([insert("institutions", acronym="ONG Selva", name="ONG Selva Viva",
                        is_custom=1)])
    before = hq.counts()
    with pytest.raises(CatalogueError, match="ya son de otra entrada"):
        catalogue.publish_institution(hq.engine, "ong selva", "Otra ONG")
    with pytest.raises(CatalogueError, match="sigla anterior de MIMP"):
        catalogue.publish_institution(hq.engine, "MIMDES", "Ministerio antiguo")
    with pytest.raises(CatalogueError, match="siglas y el nombre"):
        catalogue.publish_institution(hq.engine, " ", "Sin siglas")
    with pytest.raises(CatalogueError, match="no es un sector"):
        catalogue.publish_institution(hq.engine, "X", "Equis", "planeta")
    with pytest.raises(CatalogueError, match="ya está en el catálogo"):
        catalogue.publish_unit(hq.engine, "persona")  # shipped
    catalogue.publish_unit(hq.engine, "Módulo itinerante")
    after_one = hq.counts()
    with pytest.raises(CatalogueError, match="ya está en el catálogo"):
        catalogue.publish_unit(hq.engine, "MÓDULO ITINERANTE")
    assert hq.counts() == after_one and after_one["records"] == before["records"] + 1


def test_cli(tmp_path, capsys):
    args = ["--database-url", f"sqlite:///{tmp_path / 'hq.sqlite'}",
            "--data-dir", str(tmp_path / "datos")]
    assert main([*args, "catalogo", "institucion", "SENAJU", "--nombre",
                 "Secretaría Nacional de la Juventud", "--sector", "estado_nacional"]) == 0
    assert "Institución agregada: SENAJU" in capsys.readouterr().out
    assert main([*args, "catalogo", "institucion", "RENIEC", "--nombre",
                 "Registro Nacional de Identificación y Estado Civil (RENIEC)"]) == 0
    assert "Institución corregida: RENIEC" in capsys.readouterr().out
    assert main([*args, "catalogo", "unidad", "Campaña radial"]) == 0
    assert "Unidad de medida agregada: «Campaña radial»" in capsys.readouterr().out
    assert main([*args, "catalogo", "listar"]) == 0
    out = capsys.readouterr().out
    assert "SENAJU" in out and "sede central" in out and "incluida" in out
    assert main([*args, "catalogo", "unidad", "Campaña radial"]) == 1
    assert "ya está en el catálogo" in capsys.readouterr().err
