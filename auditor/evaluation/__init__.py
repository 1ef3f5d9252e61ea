"""Measuring detection quality: labeled sets, a corruption generator, and P/R/F1.

``labels``: the JSONL label format (documented in ``docs/evaluation.md``) and its loader,
which resolves anchors to character spans and validates them. ``corrupt``: injects labeled
errors into clean sentences, seeded and reproducible. ``metrics``: sentence-level matching
of an audit's flags against labels. ``table``: the README results table.
"""
