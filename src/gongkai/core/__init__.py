"""The domain core. Pure Python: it never imports Django (enforced by import-linter, see .importlinter)."""
