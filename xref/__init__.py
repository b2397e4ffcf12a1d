"""xref: cross-reference news articles, find the claims they share and the claims that conflict."""

__version__ = "0.1.0"
