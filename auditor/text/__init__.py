"""Linguistic helpers shared by checks (figures, POS tags, names). No I/O beyond model data in wheels."""
