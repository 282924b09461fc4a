"""Aggregation over a session: results, small-number protection, quotes, corrections and exports.

No Flask here: views and commands pass a session and the settings they need, and commit.
"""
