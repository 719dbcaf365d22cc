"""Site templates learned across a batch: a line that repeats on many pages of one site is
the site's furniture (menus, share bars, "Most read"), not its article.

- ``fingerprint``: each line as two stable hashes (exact, and with digits and date words
  masked so "Updated 3 hours ago" matches across pages);
- ``sites``: which site a page belongs to (its URL's host, else its folder);
- ``learner``: per-site counts of the pages each line occurs on, mergeable (map-reduce),
  bounded in memory, decaying so a redesign is learned again;
- ``evidence``: a profile's counts attached to the blocks of one page, and the small model
  that weighs "repeats on k of n pages" against the line's other evidence.
"""

from .fingerprint import LineKeys, PagePrint, line_keys
from .learner import SiteProfile, SiteTemplates, TemplateLearner, TemplateOptions
from .sites import GROUP_BY_CHOICES, site_key, url_host

__all__ = [
    "GROUP_BY_CHOICES",
    "LineKeys",
    "PagePrint",
    "SiteProfile",
    "SiteTemplates",
    "TemplateLearner",
    "TemplateOptions",
    "line_keys",
    "site_key",
    "url_host",
]
