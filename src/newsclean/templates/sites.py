"""Which site a page belongs to: the group whose pages its template is learned from.

``auto`` (the default) takes the host of the page's URL when one is known (the canonical or
``og:url`` an HTML page declares, a WARC record's target URI, ``--url``), else the folder the
input sits in; ``host`` and ``folder`` take only that one; ``none`` groups nothing. Archive
URLs (``web.archive.org/web/<timestamp>/<original>``) count as their original's host, and
``www.`` is dropped, so one outlet's pages meet whatever copy of it was fetched.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

GROUP_BY_CHOICES = ("auto", "host", "folder", "none")
DEFAULT_GROUP_BY = "auto"

# Wayback Machine copies: /web/<14-digit timestamp, maybe with a flag like id_ or im_>/<url>
_WAYBACK = re.compile(r"^/web/\d{1,14}(?:[a-z]{2}_)?/(.+)$", re.IGNORECASE)
_ARCHIVE_HOSTS = ("archive.org", "archive.is", "archive.today", "archive.ph")


def url_host(url: str | None) -> str | None:
    """The host of ``url``, lower-cased, without ``www.`` or a port; an archive copy's
    original host. None when there is none."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    if host.endswith(_ARCHIVE_HOSTS):
        inner = _WAYBACK.match(parts.path)
        if inner:
            original = inner.group(1)
            if "://" not in original[:12]:
                original = "http://" + original.lstrip("/")
            return url_host(original)
    host = host.rstrip(".")
    return host.removeprefix("www.") or None


def site_key(*, url: str | None, path: str | None, group_by: str = "auto") -> str | None:
    """The group a page belongs to, as ``host:<host>`` or ``folder:<absolute folder>``;
    None when it belongs to none (``none``, stdin, or no host with ``host``)."""
    if group_by not in GROUP_BY_CHOICES:
        raise ValueError(f"group_by must be one of {', '.join(GROUP_BY_CHOICES)}")
    if group_by == "none":
        return None
    if group_by in ("auto", "host"):
        host = url_host(url)
        if host:
            return f"host:{host}"
        if group_by == "host":
            return None
    if not path or path == "-":
        return None
    return "folder:" + os.path.dirname(os.path.abspath(path))
