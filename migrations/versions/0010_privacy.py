"""privacy self-service: a new e-mail address waits for confirmation on the account

The token that confirms it is an AccountToken with the purpose "change_email" (a value
of a non-native enum: no schema change). Deleted accounts leave no row behind, so there
is no `deleted_at`: contributions kept after a deletion have no author (SET NULL).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("pending_email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("pending_email")
