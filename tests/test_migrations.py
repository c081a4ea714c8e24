"""The Alembic history builds exactly the schema the models describe, on either database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cocreatie import db
from cocreatie.models import Base

NOT_IN_THE_MODELS = {
    # Created by migration 0002 with each database's own full-text engine.
    "ideas_fts", "ideas_fts_data", "ideas_fts_idx", "ideas_fts_content", "ideas_fts_docsize",
    "ideas_fts_config", "search_vector", "ix_ideas_search",
    # Outside the models on purpose (cocreatie.pagecache): tests empty the model tables.
    "content_version",
}


def _outside_the_models(diff) -> bool:
    return any(name in repr(diff) for name in NOT_IN_THE_MODELS)


def test_migrations_match_the_models(app):
    with db.current().engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = [d for d in compare_metadata(context, Base.metadata) if not _outside_the_models(d)]
    assert differences == []
