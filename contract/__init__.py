"""The sync contract: what the device and headquarters must agree on, imported by both and
importing neither (no ``db``, no ``server``, no Qt)."""
