"""Issue records, the validation report, and its renderings.

- :class:`Issue` / :class:`SourceLocation`: the one shape every problem takes;
- :class:`ValidationReport` / :class:`IssueGroup`: exact counts per rule with
  bounded examples, rendered by :func:`render` as text, JSON, CSV or HTML.
"""

from fgc_standard.report.issue import Issue, Severity, SourceLocation
from fgc_standard.report.render import FORMATS, render
from fgc_standard.report.validation import (
    DEFAULT_EXAMPLE_LIMIT,
    IssueGroup,
    ValidationReport,
    share_text,
)

__all__ = [
    "DEFAULT_EXAMPLE_LIMIT",
    "FORMATS",
    "Issue",
    "IssueGroup",
    "Severity",
    "SourceLocation",
    "ValidationReport",
    "render",
    "share_text",
]
