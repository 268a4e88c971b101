"""The ``sesiona`` command line: the device's commands without a window.

Rules:
- Qt-free: PySide6 and ``desktop`` are imported only inside ``cli.main.run_app``, the one
  function that starts the app (``tests/test_architecture.py`` checks it).
- No SQL here: a command calls the same ``db/`` functions and ``forms.documents`` API
  (prepare, then render) as the app, and those hold the queries.
- Every message the user sees is Spanish (Peru).
"""
