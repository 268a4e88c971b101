"""The «Firmas» tab as a feature folder: one small panel per step of signing an acta.

Rules: each panel is a self-contained ``QWidget`` that builds its own widgets, owns its
slots and reads the session it shows from the shared ``SigningContext``; panels never
call each other, they announce with signals what they wrote and ``SignaturesTab`` (a thin
composer) routes it. Every write goes through the operations. Signing cannot be undone:
each step that makes the acta «firmada», or discards signatures, asks first; annexes are
undoable. Nothing here imports ``forms`` at module level (pyHanko and reportlab take most
of a second to load): the signing code is loaded on first use.
"""
