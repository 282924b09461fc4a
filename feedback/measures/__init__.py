"""Measures over time and their SPC (XmR) charts in the NHS "Making Data Count" style; no Flask."""
