"""Printable official forms (reportlab) and their digital signatures (pyHanko). No Qt."""
