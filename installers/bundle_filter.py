"""What the PyInstaller bundle leaves out, so that it stays small.

Sesiona's window uses QtCore, QtGui, QtWidgets, QtPdf/QtPdfWidgets (the preview), QtPrintSupport
(printing), QtSvg (the icon) and QtNetwork (only to hear when the network comes back). The rest
of Qt and the test tools are never imported by the desktop app. Neither is headquarters:
what both sides share lives in ``contract/``, nothing outside ``server/`` imports ``server``,
and its stack is an extra (``.[hq]``) that a secretary's install does not carry. It is
excluded by name all the same (``HQ_MODULES``), so that a stray import fails in the tests
(tests/test_desktop_only.py) instead of quietly growing the bundle.
"""

from __future__ import annotations

import re
from pathlib import Path

_UNUSED_QT = [
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner", "QtGraphs",
    "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets",
    "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest", "QtTextToSpeech",
    "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets",
    "QtWebSockets", "QtWebView", "QtXml", "QtAxContainer",
]

EXCLUDED_MODULES = [f"PySide6.{name}" for name in _UNUSED_QT] + [
    # Tools and optional extras that libraries import only if present.
    "tkinter", "_tkinter", "matplotlib", "IPython", "jupyter", "notebook", "scipy", "pytest",
    "pytestqt", "xdist", "mypy", "ruff", "pypdf", "PyQt5", "PyQt6", "pyarrow", "numba",
    "setuptools", "pip", "_pytest", "pygments", "psutil", "bs4", "html5lib", "jinja2",
    # pyhanko's and certvalidator's online fetchers (aiohttp): Sesiona validates offline.
    "aiohttp", "uvloop", "trio", "multidict", "yarl", "frozenlist", "propcache", "aiosignal",
    # keyring's GNOME backend through PyGObject (the Secret Service backend is used instead).
    "gi",
    # Parts of libraries Sesiona never reaches: lxml's objectify/HTML (openpyxl and pyHanko use
    # lxml.etree), Pillow's AVIF and WebP codecs (6 MB; logos and scans are PNG, JPEG or
    # TIFF) and Tk bridge, readline (interactive prompts), pydoc's help topics.
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.cssselect",
    "PIL.AvifImagePlugin", "PIL._avif", "PIL.WebPImagePlugin", "PIL._webp", "PIL.ImageTk",
    "PIL._imagingtk", "readline", "pydoc_data",
    # Database drivers SQLAlchemy's hook adds; the desktop app only ever opens SQLite.
    "psycopg", "psycopg_binary", "psycopg2", "pymysql", "MySQLdb", "pysqlite2", "asyncpg",
]
# Headquarters (server/ and its extra ``hq``). SQLAlchemy would otherwise come in anyway:
# pandas.io.sql names it (read_sql, which Sesiona never calls; 9 MB).
HQ_MODULES = [
    "server", "fastapi", "starlette", "uvicorn", "httptools", "uvloop", "sqlalchemy",
    "alembic", "mako", "psycopg", "argon2", "jinja2", "multipart", "python_multipart",
]
EXCLUDED_MODULES += [name for name in HQ_MODULES if name not in EXCLUDED_MODULES]

# Files the Qt hooks collect that Sesiona has no use for, by their path inside the bundle.
_DROPPED = [
    # Qt libraries of the unused modules (pulled in as plugin dependencies).
    r"Qt6(Quick|Qml|PdfQuick|VirtualKeyboard|WaylandClient|WaylandEgl|Wayland|WlShell"
    r"|OpenGL|ShaderTools|3D|Multimedia|WebEngine|WebChannel|Positioning|Sql|Charts"
    r"|Designer|Help|Location|Sensors|SerialPort|Bluetooth|Nfc|RemoteObjects|Scxml"
    r"|TextToSpeech|SpatialAudio|StateMachine|HttpServer|WebSockets|WebView|Graphs"
    r"|DataVisualization|Test|EglFSDeviceIntegration|EglFsKmsSupport)\w*\.(so|dll)",
    # TLS for Qt's network stack: Sesiona talks HTTPS through httpx, QtNetwork only tells
    # when the network comes back. Image formats no logo or scan uses.
    r"plugins[/\\](tls|imageformats[/\\](lib)?q(webp|icns|tga|wbmp|pdf)\.)",
    # Platforms: keep xcb (X11 and XWayland), offscreen (headless) and windows.
    r"plugins[/\\]platforms[/\\](lib)?q(minimal|minimalegl|vnc|linuxfb|eglfs|vkkhrdisplay"
    r"|wayland[\w-]*|direct2d)\.",
    r"plugins[/\\](wayland-[\w-]+|egldeviceintegrations|platforminputcontexts[/\\]"
    r"(lib)?qtvirtualkeyboard\w*|generic|sqldrivers|multimedia|qmltooling|position|sensors"
    r"|texttospeech|webview|renderers|sceneparsers|geometryloaders|assetimporters)",
    # The GTK theme plugin drags in the whole GTK stack; Qt draws its own (Fusion) style.
    r"plugins[/\\]platformthemes[/\\]libqgtk3\.",
    # Qt's own translations: only Spanish (Qt's dialog buttons) ships.
    r"translations[/\\](qt\w*?)_(?!es\.qm)[a-zA-Z_]+\.qm$",
]
_DROPPED_RE = re.compile("|".join(f"(?:{pattern})" for pattern in _DROPPED))


def dropped(dest_name: str) -> bool:
    return bool(_DROPPED_RE.search(dest_name))


def keep(toc: list) -> list:
    """The TOC (``(dest_name, source, typecode)`` entries) without the dropped files."""
    return [entry for entry in toc if not dropped(entry[0])]


# Linux: system libraries the bundle takes from the machine rather than carrying its own copy.
# The .deb depends on the Debian packages that provide them (installers/linux/build_deb.py,
# DEPENDS), so they get the distribution's security updates; carrying them would also drag in
# what they link to (GnuTLS, Kerberos, systemd...), 20 MB more.
SYSTEM_PROVIDED = re.compile(
    r"^lib(cups|dbus-1|glib-2\.0|gio-2\.0|gobject-2\.0|gmodule-2\.0|gthread-2\.0"
    r"|fontconfig|freetype|X11|X11-xcb|Xau|Xdmcp|xcb[\w-]*|xkbcommon[\w-]*)\.so")


def drop_system_provided(binaries: list) -> list:
    return [entry for entry in binaries
            if not (_is_collected_system_library(entry[0]) and SYSTEM_PROVIDED.match(entry[0]))]


def _is_collected_system_library(dest_name: str) -> bool:
    """A shared library PyInstaller copied from the system into the bundle's top level, or one
    a wheel vendors in its ``<name>.libs/`` folder (loaded only by that wheel's modules)."""
    name = dest_name.replace("\\", "/")
    folder, _, base = name.rpartition("/")
    return (folder == "" or (folder.endswith(".libs") and "/" not in folder)) \
        and base.startswith("lib") and ".so" in base and not base.startswith("libpython")


def direct_dependencies(library: str) -> list[str]:
    """The DT_NEEDED entries of an ELF file (``ldd`` would list the whole closure, including
    what the system's copies of the system-provided libraries need)."""
    import subprocess

    # Not an ELF file (objdump fails): it links to nothing.
    dump = subprocess.run(["objdump", "-p", library], capture_output=True, text=True).stdout
    return [line.split()[1] for line in dump.splitlines()
            if line.strip().startswith("NEEDED") and len(line.split()) == 2]


def prune_unreachable(binaries: list) -> list:
    """Linux: drop the system libraries that only the dropped files linked against.

    PyInstaller copies every library a collected file needs; once a plugin is dropped, the
    libraries it alone needed (GTK, cairo, pango...) are dead weight. Everything else (Python
    extensions, Qt's libraries and plugins) is a root; a system library stays when a root
    or a kept library links to it.
    """
    # Libraries are linked by their file name, whatever folder the bundle keeps them in.
    libraries = {Path(entry[0]).name: entry for entry in binaries
                 if _is_collected_system_library(entry[0])}
    roots = [entry for entry in binaries if not _is_collected_system_library(entry[0])]
    needed: set[str] = set()
    pending = [entry[1] for entry in roots if Path(entry[1]).is_file()]
    while pending:
        for base in direct_dependencies(pending.pop()):
            if base in libraries and base not in needed:
                needed.add(base)
                pending.append(libraries[base][1])
    return [entry for entry in binaries
            if not _is_collected_system_library(entry[0]) or Path(entry[0]).name in needed]


def _is_cpython_binary(dest_name: str) -> bool:
    name = dest_name.replace("\\", "/")
    return name.startswith("libpython") or "/lib-dynload/" in name


def _objdump(flag: str, path: str) -> str:
    import subprocess

    return subprocess.run(["objdump", flag, path], capture_output=True, text=True).stdout


def _worth_stripping(dest_name: str, source: str) -> bool:
    """Debug symbols that can go: CPython's own files, and other files that carry them and
    were not rewritten by auditwheel (which gives its files an RPATH; stripping those, as
    PyInstaller's ``strip=True`` does, breaks some, such as NumPy's OpenBLAS)."""
    if not Path(source).is_file() or ".libs/" in dest_name.replace("\\", "/"):
        return False
    if ".debug_" not in _objdump("-h", source):
        return False
    dynamic = _objdump("-p", source)
    return _is_cpython_binary(dest_name) or ("RPATH" not in dynamic and "RUNPATH" not in dynamic)


def strip_debug_symbols(binaries: list, work_dir: Path) -> list:
    """Linux: copies without debug symbols of the files worth stripping (libpython alone goes
    from 22 MB to 6 MB; SQLAlchemy's compiled modules lose 8 MB)."""
    import shutil
    import subprocess

    if not shutil.which("strip"):
        return binaries
    stripped = []
    for dest, source, typecode in binaries:
        if _worth_stripping(dest, source):
            target = work_dir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-debug", "-o", str(target), source], check=True)
            source = str(target)
        stripped.append((dest, source, typecode))
    return stripped
