"""What Qt needs from a Linux system is one list: `make run` installs it, the .deb declares
it and the README names it. A fresh Debian machine must not meet Qt's English error about
the xcb plugin because one of the three drifted."""

import re
import subprocess
from pathlib import Path

from installers.linux.build_deb import DEPENDS, qt_runtime_packages

ROOT = Path(__file__).resolve().parents[2]


def test_make_run_installs_what_the_deb_declares():
    listed = subprocess.run(["bash", ".ci/system-deps.sh", "--list"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split()
    assert listed == qt_runtime_packages()
    assert DEPENDS == ["libc6 (>= 2.34)", *listed]
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libegl1"} <= set(listed)


def test_make_run_calls_the_installer_before_starting():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run: .*qt-deps", makefile, re.M)
    assert re.search(r"^qt-deps:\n\t@bash \.ci/system-deps\.sh\n", makefile, re.M)
    assert re.search(r"^system-deps:\n\t@bash \.ci/system-deps\.sh --test\n", makefile, re.M)


def test_the_readme_names_the_same_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- qt-runtime-packages", 1)[1].split("`", 2)[1]
    assert block.split() == qt_runtime_packages()


def test_the_installer_waits_for_another_apt():
    script = (ROOT / ".ci" / "system-deps.sh").read_text(encoding="utf-8")
    assert "DPkg::Lock::Timeout=600" in script
    assert script.count('"${apt_wait[@]}"') == 3  # update and both installs
