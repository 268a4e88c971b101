"""The bundled app's entry point: the same ``sesiona`` command as ``desktop.cli:main``."""

from desktop.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
