"""Hostile and broken inputs for the hardening tests: the corpus generator and fuzz strategies."""
