"""Build recipes for the installers: the PyInstaller bundle, the .deb and the Windows setup.

Run ``make dist`` (or ``python -m installers.dist``); the tests in tests/installers use the
same functions, so what CI checks is what ships.
"""
