"""The knowledge base: a generator of Markdown pages (and ``.ics``, JSON and feed files) from
the Repository, the MkDocs plugin that serves them in memory, and the templates they come from.

files → Repository → :mod:`~incidentkit.site.generator` → ``{path: text}`` →
:mod:`~incidentkit.site.plugin` (``mkdocs build``/``serve``) or ``incidentkit site --out DIR``
(Zensical, or any Markdown site builder).
"""
