"""The Windows installer cannot be built here (Inno Setup and PyInstaller's Windows build need
a Windows runner): these checks read the script and the workflow and make sure that every
file they name exists in the tree or is produced by an earlier step of the workflow."""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath

from installers.project import ROOT, SPEC

ISS = ROOT / "installers" / "windows" / "sesiona.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "windows-installer.yml"


def iss_text() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def iss_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in iss_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if match := re.fullmatch(r"\[(\w+)\]", line):
            current = match.group(1)
            sections[current] = []
        elif current:
            sections[current].append(line)
    return sections


def defines() -> dict[str, str]:
    return dict(re.findall(r'#define\s+(\w+)\s+"([^"]*)"', iss_text()))


def setup_directives() -> dict[str, str]:
    return dict(line.split("=", 1) for line in iss_sections()["Setup"])


def entry(line: str) -> dict[str, str]:
    """An Inno Setup entry line: ``Name: "value"; Flags: a b``."""
    return {key.strip(): value.strip().strip('"') for key, value in
            (part.split(":", 1) for part in re.split(r';\s+(?=\w+:)', line))}


def from_script_dir(path: str) -> PurePosixPath:
    """A path written in the script, relative to its folder, as a path inside the repo."""
    parts = PureWindowsPath(path).parts
    resolved = (ISS.parent.joinpath(*parts)).resolve()
    return PurePosixPath(resolved.relative_to(ROOT).as_posix())


def workflow_commands() -> str:
    """Every line of the workflow's ``run:`` steps, one-liners and blocks alike."""
    commands: list[str] = []
    block_indent = None  # indentation of the ``run: |`` key whose block is being read
    for raw in WORKFLOW.read_text(encoding="utf-8").splitlines():
        line, indent = raw.strip(), len(raw) - len(raw.lstrip())
        if block_indent is not None and (indent > block_indent or not line):
            commands.append(line)
            continue
        block_indent = None
        if line.startswith("run:"):
            if line == "run: |":
                block_indent = indent
            else:
                commands.append(line.removeprefix("run:").strip())
    return "\n".join(command for command in commands if command)


def test_the_script_installs_per_user_with_an_all_users_option_and_keeps_user_data():
    setup = setup_directives()
    assert setup["PrivilegesRequired"] == "lowest"
    assert "dialog" in setup["PrivilegesRequiredOverridesAllowed"].split()
    assert setup["DefaultDirName"] == r"{autopf}\Sesiona"
    assert setup["AppVersion"] == "{#AppVersion}"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert setup["UninstallDisplayIcon"] == r"{app}\sesiona.exe"
    # Nothing is deleted outside the program folder: not on upgrade, not on uninstall.
    sections = iss_sections()
    assert "UninstallDelete" not in sections
    assert all(entry(line)["Name"].startswith("{app}\\") for line in sections["InstallDelete"])
    assert "#error" in iss_text()  # no version given, no installer


def test_shortcuts_point_at_the_bundled_executable_with_its_icon():
    icons = [entry(line) for line in iss_sections()["Icons"]]
    places = {icon["Name"].split("\\")[0] for icon in icons}
    assert places == {"{autoprograms}", "{autodesktop}"}
    for icon in icons:
        assert icon["Filename"] == r"{app}\sesiona.exe"
        assert icon["IconFilename"] == r"{app}\sesiona.exe"
    spec = SPEC.read_text(encoding="utf-8")
    assert 'executable("sesiona", console=not WINDOWS)' in spec
    assert 'icon=str(icons["ico"]) if WINDOWS' in spec


def test_every_file_the_script_names_exists_or_is_built_by_the_workflow():
    built = {"dist/sesiona", "build/icons/sesiona.ico"}
    named = defines()
    assert from_script_dir(named["BundleDir"]).as_posix() in built
    assert from_script_dir(named["IconFile"]).as_posix() in built
    assert from_script_dir(setup_directives()["OutputDir"]).as_posix() == "dist"
    sources = [entry(line)["Source"] for line in iss_sections()["Files"]]
    assert sources == ["{#BundleDir}\\*"]
    languages = [entry(line)["MessagesFile"] for line in iss_sections()["Languages"]]
    assert languages == [r"compiler:Languages\Spanish.isl"]  # shipped with Inno Setup 6


def test_the_workflow_builds_the_bundle_and_the_installer_from_files_in_the_tree():
    runs = workflow_commands()
    assert "runs-on: windows-" in WORKFLOW.read_text(encoding="utf-8")
    # The spec, the icon script and the installer script it runs exist in the tree.
    spec_arg = re.search(r"PyInstaller .*?(\S+\.spec)", runs).group(1)
    assert ROOT.joinpath(*PureWindowsPath(spec_arg).parts) == SPEC and SPEC.is_file()
    iss_arg = re.search(r"(\S+\.iss)", runs).group(1)
    assert ROOT.joinpath(*PureWindowsPath(iss_arg).parts) == ISS and ISS.is_file()
    assert (ROOT / "installers" / "icons.py").is_file()
    # ...and produce what the script expects: the icons in build\icons, the bundle in dist.
    assert re.search(r"python -m installers\.icons build\\icons", runs)
    assert "--distpath dist " in runs
    assert '"/DAppVersion=${{ steps.version.outputs.version }}"' in runs
    # The bundle is run before it is packaged: its version, the demo, the main window.
    assert "sesiona-consola.exe --version" in runs
    assert re.search(r"sesiona-consola\.exe --db .*\| grep \"ventana principal abierta\"", runs)
    assert re.search(r'pip install "\.\[dist\]"', runs)
    assert "dist/sesiona-*-instalador.exe" in WORKFLOW.read_text(encoding="utf-8")


def test_the_dist_extra_the_workflow_installs_exists():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.lower().startswith("pyinstaller")
               for dep in project["optional-dependencies"]["dist"])


def test_the_script_is_utf8_with_a_byte_order_mark():
    """Inno Setup reads a script as UTF-8 only with a BOM; without it «Promoción» would be
    garbled in the uninstaller's entry."""
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Promoción" in iss_text()
