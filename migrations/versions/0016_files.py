"""files: header images and attachments of consultations, phases and outcomes

One table; the bytes live in the file storage (cocreatie/files/storage.py) under the
random names the rows hold. Decision 0016.

Revision ID: 0016_files
Revises: 0011_measure
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_files"
down_revision = "0011_measure"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Integer(), nullable=True),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        sa.Column(
            "purpose",
            sa.Enum("header", "attachment", name="filepurpose", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("header_for", sa.String(length=40), nullable=True),
        sa.Column(
            "kind",
            sa.Enum("jpeg", "png", "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp",
                    name="filekind", native_enum=False, length=30),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("alt_text", sa.String(length=300), nullable=False),
        sa.Column("decorative", sa.Boolean(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("widths", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("phase_id IS NULL OR outcome_id IS NULL", name="ck_stored_files_one_holder"),
        sa.CheckConstraint("size >= 0", name="ck_stored_files_size"),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["phase_id"], ["phases.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["outcome_id"], ["outcomes.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("header_for"),
        sa.UniqueConstraint("storage_key"),
    )
    op.create_index("ix_stored_files_consultation", "stored_files", ["consultation_id", "position", "id"])
    op.create_index("ix_stored_files_phase_id", "stored_files", ["phase_id"])
    op.create_index("ix_stored_files_outcome_id", "stored_files", ["outcome_id"])


def downgrade() -> None:
    op.drop_table("stored_files")
