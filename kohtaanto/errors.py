"""Errors shared by the command line and the pure libraries' commands (no Django here)."""


class CommandError(Exception):
    """A user-facing error: printed without a traceback, exit status 2."""
