"""Reusable page parts (widgets only; they call package functions)."""
