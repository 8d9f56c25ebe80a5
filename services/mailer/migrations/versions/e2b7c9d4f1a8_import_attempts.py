"""how many times an import job was claimed: stopped after 3 (issue 18)

Revision ID: e2b7c9d4f1a8
Revises: a18d0e1e7703
Create Date: 2026-12-08 04:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e2b7c9d4f1a8"
down_revision = "a18d0e1e7703"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("attempts", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("import_jobs", schema=None) as batch_op:
        batch_op.drop_column("attempts")
