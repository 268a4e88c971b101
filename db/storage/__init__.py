"""Storage: how the device's SQLite file is opened, checked, written and migrated.

* ``connection``: the one factory for connections (WAL, ``foreign_keys=ON``, busy timeout)
  and ``transaction``;
* ``store``: the file door (open, create, check a file is Sesiona's and undamaged);
* ``records``: the one writer: every synced write, its change-log row and the signed-acta
  lock;
* ``blobs``: stored files by SHA-256; ``instance_lock``: one window per database file;
* ``migrations/``: the ordered schema migrations and the schema versions they apply;
* ``sqlite_errors``: SQLite's English turned into Spanish; ``progress``: the progress and
  cancel handle of long work.

Nothing here knows a committee or a session: the domain (``db.domain``) is built on top.
"""
