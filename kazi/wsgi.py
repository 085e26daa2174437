"""WSGI entry point (gunicorn kazi.wsgi).

With `gunicorn --preload` the label-search index is built once in the master process and
shared by the workers (copy-on-write), so the first type-ahead does not wait for it; the
same goes for the skills cache (label vectors).
"""

import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kazi.settings")
application = get_wsgi_application()


def _warm_search_index() -> None:
    from django.conf import settings
    from django.db import DatabaseError

    from kazi.taxonomy.selectors import warm_search_index

    try:
        warm_search_index(tuple(code for code, _name in settings.LANGUAGES))
    except DatabaseError:  # not migrated or not imported yet: search builds on first use
        logging.getLogger(__name__).warning("Search index not warmed: taxonomy not available")


def _warm_skills_engine() -> None:
    """Load the skills cache (vectors, lexicon) before workers fork. The models themselves
    load lazily in each worker: forking a process whose model runtime has started threads
    is not safe."""
    from django.db import DatabaseError, connections

    from kazi.profiling.engine import SkillsUnavailableError, get_engine

    try:
        get_engine()
    except (SkillsUnavailableError, DatabaseError) as error:
        logging.getLogger(__name__).warning("Skills suggestions unavailable: %s", error)
    finally:
        # Workers fork from this process: none may inherit its database connection.
        connections.close_all()


if os.environ.get("KAZI_WARM_SEARCH", "1") == "1":
    _warm_search_index()
    _warm_skills_engine()
