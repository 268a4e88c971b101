"""``python -m cli``: the same program as the ``sesiona`` command."""

from cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
