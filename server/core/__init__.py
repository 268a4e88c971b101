"""What every part of headquarters shares: settings, the database (engine, transactions,
locks, fast SQL helpers, the tables), security (tokens, passwords), the HTTP protocol and
middleware, the device and staff accounts, panel sign-ins and the blob store. Nothing here
imports ``api``, ``sync``, ``bundles``, ``dashboard`` or ``cli``."""
