"""Three-way merges of incident and postmortem files (the ``merge-driver`` git calls).

The parsed documents are merged, and the result is written as byte-minimal edits of *ours*
(every byte of ours is kept; what comes from theirs is copied from theirs' own bytes):
``positions`` finds the text of nodes, ``tree`` merges mappings and values, ``lists`` merges
timelines, action items and plain lists, ``document`` applies and verifies the edits, ``files``
decides per file kind and falls back to git's line merge (``gitmerge``).
"""
