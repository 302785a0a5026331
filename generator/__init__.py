"""tandem: a peer-mentoring programme as content files, checks and an anonymised public site."""

__version__ = "0.1.0"
