"""read API: when each idea and reaction last changed, for `changedSince` (decision 0018)

`changed_at` is set on insert and moved on every UPDATE of the row through SQLAlchemy
(the column's `onupdate`: counters, responses, edits, hiding, merging, removing), so a
client can ask the API for what changed since its last visit. Existing rows get the
latest moment they are known to have changed. Added as a plain column (no table rebuild):
on SQLite a rebuild of `ideas` would drop the search triggers.

Revision ID: 0018_api
Revises: 0016_files
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_api"
down_revision = "0016_files"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("ideas", sa.Column("changed_at", sa.DateTime(), nullable=True))
    op.add_column("comments", sa.Column("changed_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE ideas SET changed_at = CASE "
        "WHEN responded_at IS NOT NULL AND responded_at > COALESCE(updated_at, created_at) THEN responded_at "
        "ELSE COALESCE(updated_at, created_at) END"
    )
    op.execute(
        "UPDATE comments SET changed_at = CASE "
        "WHEN deleted_at IS NOT NULL THEN deleted_at "
        "WHEN hidden_at IS NOT NULL THEN hidden_at "
        "ELSE created_at END"
    )
    op.execute("UPDATE ideas SET changed_at = hidden_at WHERE hidden_at IS NOT NULL AND hidden_at > changed_at")
    op.create_index("ix_ideas_changed", "ideas", ["changed_at", "id"])
    op.create_index("ix_comments_changed", "comments", ["changed_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_comments_changed", table_name="comments")
    op.drop_index("ix_ideas_changed", table_name="ideas")
    op.drop_column("comments", "changed_at")  # SQLite 3.35 and later drop a column in place
    op.drop_column("ideas", "changed_at")
