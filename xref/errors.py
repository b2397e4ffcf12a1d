"""Errors a user can act on. The CLI turns each into a one-line message."""

from __future__ import annotations


class XrefError(Exception):
    """Base class: anything that should reach the user as a clear message, not a traceback."""


class InputError(XrefError):
    """A corpus file, manifest or gold file that cannot be used; the message names the file."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ModelError(XrefError):
    """A model that cannot be loaded offline, or a stored model that does not fit."""
