"""Frameworks and their members on a date."""
