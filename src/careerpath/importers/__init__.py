"""Importers: turn other occupational datasets into careerpath data files.

Each module reads one external format and returns a document shaped like
:class:`careerpath.models.DataFile`, checked, with a report of what was imported and left out.
"""
