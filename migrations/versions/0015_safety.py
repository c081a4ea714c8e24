"""the safety net: a draft consultation can have a planned publication

`publish_at` is the instant (naive UTC) from which the draft is published, by
`flask publish-scheduled` or by the first view after it; `publish_scheduled_by_id` is
who planned it, for the audit entry written when it happens.

Revision ID: 0015_safety
Revises: 0018_api
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_safety"
down_revision = "0018_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.add_column(sa.Column("publish_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("publish_scheduled_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_consultations_publish_scheduled_by_id_users", "users", ["publish_scheduled_by_id"], ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_consultations_publish_at", ["publish_at"])


def downgrade() -> None:
    with op.batch_alter_table("consultations") as batch_op:
        batch_op.drop_index("ix_consultations_publish_at")
        batch_op.drop_constraint("fk_consultations_publish_scheduled_by_id_users", type_="foreignkey")
        batch_op.drop_column("publish_scheduled_by_id")
        batch_op.drop_column("publish_at")
