"""The Ohjaamo annual client survey's questions as versioned data (kohtaanto/domain/ohjaamo.py)."""
