"""The editor review loop: decisions on flags (confirmed / dismissed / fixed), their store and server."""
