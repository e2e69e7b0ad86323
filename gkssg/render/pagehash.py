"""Every page says which version of itself it is: ``<meta name="gkssg-page-hash">``.

The value is a hash of the page's own HTML (without the tag), so it changes
exactly when the page does and two builds of the same input stay identical. A
release-wide id in every page would change every page on every publish and
defeat uploading only changed files; with this tag, monitoring (or a test) can
still tell which release a response came from by comparing it with the
release's file.
"""

from __future__ import annotations

import hashlib

PAGE_HASH_META = "gkssg-page-hash"


def with_page_hash(html: str) -> bytes:
    """The page as published: ``html`` in UTF-8 with the tag inserted before
    ``</head>`` (unchanged without a head); encoded once, for the hash and the file."""
    data = html.encode("utf-8")
    value = hashlib.sha256(data).hexdigest()[:16]
    tag = f'<meta name="{PAGE_HASH_META}" content="{value}">\n'.encode()
    return data.replace(b"</head>", tag + b"</head>", 1)
