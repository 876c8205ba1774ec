"""Pydantic models of the files on disk (the file boundary)."""
