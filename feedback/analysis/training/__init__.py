"""Rebuild and measure the shipped models. Needs scikit-learn (training only)."""
