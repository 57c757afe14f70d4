"""The only way WeasyPrint may read anything: files in the project's asset folders and ``data:`` URLs.

WeasyPrint fetches every URL it meets: images, stylesheets and ``@import``,
fonts, and ``<a rel="attachment">`` targets (which it copies into the PDF).
Content and translations are not fully trusted, so :class:`AssetFetcher`
refuses the network, redirects and any path outside the folders it is given,
and is built with ``fail_on_errors`` so that WeasyPrint stops the rendering
(``FatalURLFetchingError``) instead of logging a warning and leaving a hole.

Loading already reports such targets with file and line (``markup.check_targets``);
this fetcher is the last line of defence.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import UNICODE_SCHEME_RE, URLFetcher, URLFetcherResponse


class ForbiddenURL(ValueError):
    """A URL the PDF may not use; WeasyPrint turns it into a fatal error (``fail_on_errors``)."""


class AssetFetcher(URLFetcher):
    """Serve ``file:`` URLs inside ``roots`` and ``data:`` URLs; refuse everything else."""

    def __init__(self, roots: list[Path] | tuple[Path, ...]):
        super().__init__(timeout=1, allowed_protocols={"file", "data"}, allow_redirects=False,
                         fail_on_errors=True)
        self.roots = tuple(Path(r).resolve() for r in roots)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        match = UNICODE_SCHEME_RE.match(url)
        scheme = match[1].lower() if match else ""
        if scheme == "data":
            return super().fetch(url, headers)  # urllib's DataHandler: no I/O
        if scheme != "file":
            raise ForbiddenURL(f"{url[:200]}: only files in the project's asset folders and data: URLs "
                               "may be used in a PDF (no network)")
        return self._file(url)

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise ForbiddenURL(f"{url}: file URLs on another host are not allowed")
        path = Path(url2pathname(unquote(parts.path)))
        resolved = path.resolve()  # follows symbolic links: a link out of the folder is refused too
        if not any(resolved.is_relative_to(root) for root in self.roots):
            allowed = ", ".join(str(r) for r in self.roots)
            raise ForbiddenURL(f"{path} is outside the project's asset folders ({allowed})")
        if not resolved.is_file():
            raise FileNotFoundError(f"{path} does not exist")
        content_type = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, resolved.read_bytes(), {"Content-Type": content_type})
