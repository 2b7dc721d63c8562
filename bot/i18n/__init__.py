"""Locale-aware formatting and the small label catalog used inside replies."""
