"""auditor: find sentences of machine-translated text whose meaning or figures look corrupted."""

__version__ = "0.1.0"
