"""The domain: committees, their members and catalogues, sessions, minutes, agreements,
attachments, signatures and annual work plans, with the rules in ``rules/`` (quorum,
deadlines, numbering, plan execution).

Each module validates in Spanish (``validation.Checker``) and writes only through
``db.storage.records``. Lower modules never import higher ones: ``session_lock`` answers
whether a session's acta is signed for every entity of a session, and ``plan_copy`` sits
above both ``plans`` and ``indicators``.
"""
