"""``--learn-templates`` inside a worker: which site a document belongs to, and its profile.

The second pass finds each document's site again rather than carrying it from the first:
an input learned by an earlier run (a run killed between its passes, ``--force``) has no
first-pass result in this one. It costs the text dumps nothing (their site is their URL or
folder) and an HTML page one more parse, to read the URL it declares.
"""

from __future__ import annotations

from ..decode import head_view, sniff_format
from ..html.declared import read_declared
from ..html.parse import parse_html
from ..options import Options
from ..pipeline import _decoded
from ..templates.learner import SiteProfile
from ..templates.sites import site_key
from .tasks import TemplateConfig


def site_profile(
    data: bytes, fmt: str | None, url: str | None, path: str, templates: TemplateConfig | None, options: Options
) -> SiteProfile | None:
    """The profile the second pass extracts this document with (None: single-page mode)."""
    if templates is None or not templates.profiles:
        return None
    site = page_site(data, fmt, url, path, templates.group_by, options)
    return None if site is None else templates.profiles.get(site)


def page_site(data: bytes, fmt: str | None, url: str | None, path: str, group_by: str, options: Options) -> str | None:
    """The site ``pipeline.fingerprint`` gives the document, without segmenting it."""
    if group_by in ("auto", "host") and (fmt or sniff_format(head_view(data))) == "html":
        _, text, _, fmt = _decoded(data, fmt, options)
        if fmt == "html":  # an HTML page's declared canonical URL names its site
            url = read_declared(parse_html(text), url).url or url
    return site_key(url=url, path=path, group_by=group_by)
