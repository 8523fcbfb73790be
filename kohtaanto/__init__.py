"""Kohtaanto: a platform for municipal public employment services."""

__version__ = "0.1.0"
