"""Issue records: the one shape every problem takes, from reading to validation."""

from fgc_standard.report.issue import Issue, Severity, SourceLocation

__all__ = ["Issue", "Severity", "SourceLocation"]
