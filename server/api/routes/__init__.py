"""One module per resource of the devices' API, each with its own ``router``:
``info``, ``enroll``, ``sync`` (push and pull), ``blobs`` and ``device_key``."""
