"""The bundled app's entry point: the same ``sesiona`` command as ``cli.main:main``."""

from cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
