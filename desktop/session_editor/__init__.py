"""The session editor: one tab per part of the acta."""
