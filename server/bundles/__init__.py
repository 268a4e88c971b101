"""Offline bundles at headquarters: importing a device's signed bundle and writing its
signed reply (``importer``), and headquarters' signing key with the devices' public keys
(``keys``). The bundle format itself is shared with the device (``contract.bundle_format``)."""
