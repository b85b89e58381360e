"""careerpath's version, importable from any layer without importing the others."""

__version__ = "0.1.0"
