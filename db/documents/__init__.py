"""The content of the documents a session produces, read from the database as plain data:
the acta (``acta_loader`` → ``acta_content.ActaContent``), its fingerprint
(``acta_fingerprint``) and the other session documents (``session_documents``).

Nothing here lays out a page: ``forms/`` renders this content without touching the database.
"""
