"""The device's sync engine: enrolment, the online round and the offline bundles. Qt-free.

It speaks the sync contract (``contract``) with headquarters and reads and writes the
device's database through ``db``; it imports nothing else of the project, and ``db`` never
imports it. The app (``desktop/sync/``) runs it in a worker; the command line calls the
same functions (``sesiona enroll``, ``sesiona sync``, ``sesiona bundle``).

* ``identity``: what ``meta`` remembers of the enrolment; ``enrollment``: the enrolment;
* ``transport``: HTTPS to headquarters and the token in the system keyring;
* ``client``: one sync round (push, files, pull); ``pull``: applying feed pages;
  ``files``: file upload and download by SHA-256;
* ``inbox``: what a round could not settle by itself (conflicts, refused changes), which
  the secretary resolves; it lives here because only sync fills it and only sync and its
  dialog read it;
* ``keys``: the bundle signing keys; ``bundles``: the offline bundle export and reply import.
"""
