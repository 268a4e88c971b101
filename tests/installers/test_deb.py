"""The .deb, built with dpkg-deb from the same bundle, read back with dpkg-deb."""

from __future__ import annotations

import re
import subprocess

import pytest

from installers.linux.build_deb import DEPENDS, debian_version
from installers.project import project_version, tree_size
from tests.installers.bundled_app import app_env

pytestmark = pytest.mark.xdist_group("pyinstaller")


@pytest.fixture(scope="module")
def deb(bundle, tmp_path_factory):
    from installers.linux.build_deb import build_deb

    return build_deb(bundle, tmp_path_factory.mktemp("deb"), xz_level=1)


@pytest.fixture(scope="module")
def unpacked(deb, tmp_path_factory):
    root = tmp_path_factory.mktemp("unpacked")
    subprocess.run(["dpkg-deb", "--extract", str(deb), str(root)], check=True)
    return root


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], check=True, capture_output=True,
                          text=True).stdout


def test_deb_holds_the_bundle_the_command_the_menu_entry_and_the_icon(deb):
    listing = dpkg_deb("--contents", str(deb))
    entries = {}
    for line in listing.splitlines():
        mode, owner, _size, _date, _time, name, *link = line.split()
        entries[name.removeprefix(".")] = (mode, owner, link)
    for path in ("/opt/sesiona/sesiona", "/opt/sesiona/_internal/resources/fonts/"
                 "LiberationSans-Regular.ttf", "/usr/share/applications/sesiona.desktop",
                 "/usr/share/icons/hicolor/48x48/apps/sesiona.png",
                 "/usr/share/icons/hicolor/256x256/apps/sesiona.png",
                 "/usr/share/icons/hicolor/scalable/apps/sesiona.svg",
                 "/usr/share/doc/sesiona/copyright"):
        assert path in entries, path
    assert entries["/usr/bin/sesiona"][2] == ["->", "/opt/sesiona/sesiona"]
    assert entries["/opt/sesiona/sesiona"][0] == "-rwxr-xr-x"
    assert {owner for _mode, owner, _link in entries.values()} == {"root/root"}
    # Nothing outside the program's own places: no /home, /etc or /var.
    assert {name.split("/")[1] for name in entries if name.count("/") > 1} == {"opt", "usr"}


def test_control_file_is_valid_and_carries_the_pyproject_version(deb, bundle):
    fields = {name: dpkg_deb("--field", str(deb), name).strip()
              for name in ("Package", "Version", "Architecture", "Maintainer",
                           "Description", "Depends", "Installed-Size", "Section")}
    assert fields["Package"] == "sesiona"
    assert fields["Version"] == debian_version(project_version())
    assert fields["Architecture"] == subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
    assert re.fullmatch(r".+ <[^@\s]+@[^@\s]+>", fields["Maintainer"])
    assert fields["Description"].splitlines()[0].strip()
    assert [d.strip() for d in fields["Depends"].split(",")] == DEPENDS
    assert int(fields["Installed-Size"]) * 1024 >= tree_size(bundle)  # in KiB
    info = dpkg_deb("--info", str(deb))
    assert "new Debian package, version 2.0" in info
    assert deb.name == f"sesiona_{fields['Version']}_{fields['Architecture']}.deb"


def test_desktop_entry_is_well_formed(unpacked):
    entry = (unpacked / "usr/share/applications/sesiona.desktop").read_text(encoding="utf-8")
    lines = entry.splitlines()
    assert lines[0] == "[Desktop Entry]"
    keys = dict(line.split("=", 1) for line in lines[1:] if line)
    assert keys["Type"] == "Application"
    assert keys["Exec"].split()[0] == "sesiona"
    assert keys["Icon"] == "sesiona"
    assert keys["Terminal"] == "false"
    assert keys["Categories"].endswith(";")


def test_the_packaged_program_runs_from_the_unpacked_deb(unpacked, home):
    done = subprocess.run([str(unpacked / "opt" / "sesiona" / "sesiona"), "--version"],
                          env=app_env(home), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"sesiona {project_version()}"


def test_debian_versions_sort_pre_releases_first():
    assert debian_version("0.1.0") == "0.1.0"
    assert debian_version("1.0rc1") == "1.0~rc1"
    assert debian_version("2.1.0b2") == "2.1.0~b2"


def relabelled(deb, work, version: str, extra_file: str | None = None):
    """The same package under another version (uncompressed, so it takes seconds), optionally
    with one more file, to stand for an older release."""
    tree = work / f"tree-{version}"
    subprocess.run(["dpkg-deb", "--raw-extract", str(deb), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    control.write_text(re.sub(r"(?m)^Version: .*$", f"Version: {version}",
                              control.read_text(encoding="utf-8")), encoding="utf-8")
    if extra_file:
        (tree / extra_file.lstrip("/")).write_text("de la versión anterior\n", encoding="utf-8")
    out = work / f"sesiona_{version}.deb"
    subprocess.run(["dpkg-deb", "--build", "--root-owner-group", "-Znone", str(tree), str(out)],
                   check=True, capture_output=True)
    return out


def dpkg(root, *args: str) -> subprocess.CompletedProcess:
    """dpkg on a throwaway root: the machine's own packages are never touched."""
    return subprocess.run(["dpkg", f"--root={root}", "--force-depends", "--force-not-root",
                           "--force-script-chrootless", *args], capture_output=True, text=True)


def test_upgrade_replaces_the_program_keeps_the_data_and_removal_leaves_nothing(deb, tmp_path):
    root = tmp_path / "root"
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates"):
        (root / folder).mkdir(parents=True)
    for name in ("status", "available"):
        (root / "var/lib/dpkg" / name).touch()
    obsolete = "/opt/sesiona/_internal/obsoleto.txt"
    older = relabelled(deb, tmp_path, f"{debian_version(project_version())}~previa", obsolete)

    assert dpkg(root, "--install", str(older)).returncode == 0
    home = root / "home" / "secretaria"
    home.mkdir(parents=True)
    program = root / "opt" / "sesiona" / "sesiona"
    first = subprocess.run([str(program)], env=app_env(home, SESIONA_EXIT_AFTER_SHOW="0"),
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    database = home / ".local" / "share" / "Sesiona" / "sesiona.sqlite"
    data_before = database.read_bytes()

    upgrade = dpkg(root, "--install", str(deb))
    assert upgrade.returncode == 0, upgrade.stderr
    status = dpkg(root, "--status", "sesiona").stdout
    assert "Status: install ok installed" in status
    assert f"Version: {debian_version(project_version())}\n" in status
    assert not (root / obsolete.lstrip("/")).exists()  # nothing of the old version lingers
    assert database.read_bytes() == data_before
    again = subprocess.run([str(program), "--version"], env=app_env(home), capture_output=True,
                           text=True, timeout=120)
    assert again.stdout.strip() == f"sesiona {project_version()}"

    removal = dpkg(root, "--remove", "sesiona")
    assert removal.returncode == 0, removal.stderr
    left = sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and not p.relative_to(root).as_posix().startswith("var/"))
    assert left == sorted(p.relative_to(root).as_posix() for p in home.rglob("*")
                          if p.is_file())  # only the secretary's own files remain
    assert database.read_bytes() == data_before
    assert not (root / "opt").exists() or not any((root / "opt").iterdir())
