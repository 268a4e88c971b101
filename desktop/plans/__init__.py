"""The «Planes» area: the plan tree, indicators, execution entries, dashboard and I/O.

Modules here import ``db.domain.plan_execution`` (pandas) and the ``forms`` exporters only inside
the functions that need them, so the main window opens as fast as before.
"""
