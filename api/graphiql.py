"""GraphiQL from the project's own files: strawberry's page loads its scripts from unpkg.com,
which a machine without internet cannot reach. `make web` copies the same npm packages'
files to web/dist/graphiql/, under the same paths, so the page's integrity hashes still hold.
"""

from __future__ import annotations

CDN = "https://unpkg.com/"
LOCAL = "/graphiql/"


def self_hosted(page: str) -> str:
    """Strawberry's GraphiQL page with every CDN address pointing at the project's copy."""
    return page.replace(CDN, LOCAL)
