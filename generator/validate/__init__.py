"""Validation: what was read becomes the typed model, or diagnostics naming file and line."""
