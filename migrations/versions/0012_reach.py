"""reach and representativeness: reference figures, postcode areas, profile questions
and answers per consultation; the district an invitation was sent to recruit from

Revision ID: 0012_reach
Revises: 0014_people
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_reach"
down_revision = "0014_people"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reach_districts",
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "reach_population",
        sa.Column("district_code", sa.String(length=20), nullable=False),
        sa.Column("age_band", sa.String(length=10), nullable=False),
        sa.Column("residents", sa.Integer(), nullable=False),
        sa.CheckConstraint("residents >= 0", name="ck_reach_population_residents"),
        sa.ForeignKeyConstraint(["district_code"], ["reach_districts.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("district_code", "age_band"),
    )
    op.create_table(
        "reach_postcode_areas",
        sa.Column("area", sa.String(length=4), nullable=False),
        sa.Column("district_code", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("area"),
    )
    op.create_table(
        "reach_questions",
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("ask_district", sa.Boolean(), nullable=False),
        sa.Column("ask_age_band", sa.Boolean(), nullable=False),
        sa.Column("ask_channel", sa.Boolean(), nullable=False),
        sa.Column("channels", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("consultation_id"),
    )
    op.create_table(
        "reach_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("district_code", sa.String(length=20), nullable=True),
        sa.Column("age_band", sa.String(length=10), nullable=True),
        sa.Column("channel", sa.String(length=80), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consultation_id", "user_id", name="uq_reach_answers_consultation_user"),
    )
    op.create_index("ix_reach_answers_user_id", "reach_answers", ["user_id"])
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.add_column(sa.Column("target_district", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invitations") as batch_op:
        batch_op.drop_column("target_district")
    op.drop_index("ix_reach_answers_user_id", table_name="reach_answers")
    op.drop_table("reach_answers")
    op.drop_table("reach_questions")
    op.drop_table("reach_postcode_areas")
    op.drop_table("reach_population")
    op.drop_table("reach_districts")
