"""dead letters: when and why an operator discarded one (issue 18)

Revision ID: a18d0e1e7701
Revises: d8e1f4a7b2c9
Create Date: 2026-12-08 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a18d0e1e7701"
down_revision = "d8e1f4a7b2c9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discarded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("discard_reason", sa.String(length=200), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("discard_reason")
        batch_op.drop_column("discarded_at")
