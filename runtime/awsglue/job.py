"""``Job``: init/commit. Bookmarks are on when the run was started with
``--job-bookmark-option job-bookmark-enable`` (as in Glue) and ``DDBM_GLUE_BOOKMARK_DIR`` is set."""

import os
import sys

from awsglue.local_bookmarks import ENV_DIR, BookmarkStore
from awsglue.utils import getResolvedOptions


def _bookmarks_enabled(argv) -> bool:
    if "--job-bookmark-option" not in argv:
        return False
    return getResolvedOptions(argv, ["job-bookmark-option"])["job-bookmark-option"] == "job-bookmark-enable"


class Job:
    def __init__(self, glue_context):
        self._glue_context = glue_context
        self._store = None
        self.name = None

    def init(self, job_name: str, args=None) -> None:
        self.name = job_name
        directory = os.environ.get(ENV_DIR)
        if _bookmarks_enabled(sys.argv):
            if not directory:
                raise RuntimeError(f"job bookmarks are enabled but {ENV_DIR} is not set")
            self._store = BookmarkStore(job_name, directory)
        self._glue_context._bookmarks = self._store

    def commit(self) -> None:
        """Persists the bookmark values staged by this run's reads (nothing else to commit)."""
        if self._store is not None:
            self._store.commit()
