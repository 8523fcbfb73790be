"""TYP (multi-professional joint service) rules as versioned data (kohtaanto/domain/typ.py)."""
