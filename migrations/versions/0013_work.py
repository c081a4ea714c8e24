"""worklists and alerts: a separate e-mail preference for a procesmanager's work, and
notifications that name the response or moderation decision they tell of

New notification kinds (report, appeal, report_decided) are values of a non-native
enum: no schema change.

Revision ID: 0013_work
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_work"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column(
                "work_email_frequency",
                sa.Enum("immediately", "daily", "never", name="emailfrequency", native_enum=False, length=20),
                server_default="immediately",
                nullable=False,
            )
        )
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.add_column(sa.Column("response_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("action_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_notifications_response_id", "idea_status_changes", ["response_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_foreign_key(
            "fk_notifications_action_id", "moderation_actions", ["action_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_notifications_response_id", ["response_id"])
        batch_op.create_index("ix_notifications_action_id", ["action_id"])


def downgrade() -> None:
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_index("ix_notifications_action_id")
        batch_op.drop_index("ix_notifications_response_id")
        batch_op.drop_constraint("fk_notifications_action_id", type_="foreignkey")
        batch_op.drop_constraint("fk_notifications_response_id", type_="foreignkey")
        batch_op.drop_column("action_id")
        batch_op.drop_column("response_id")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("work_email_frequency")
