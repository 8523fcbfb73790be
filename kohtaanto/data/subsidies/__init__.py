"""Employer subsidy rules as versioned data, one JSON file per benefit (docs/subsidies.md)."""
