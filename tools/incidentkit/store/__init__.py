"""The files: reading, parsing with positions, byte-minimal edits, atomic writes and locks."""
