"""dead letters: when and why an operator discarded one, and the reason in the audit (issue 18)

Revision ID: a18d0e1e7702
Revises: 6884e543be1c
Create Date: 2026-12-08 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a18d0e1e7702"
down_revision = "6884e543be1c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discarded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("discard_reason", sa.String(length=200), nullable=True))
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reason", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_column("reason")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("discard_reason")
        batch_op.drop_column("discarded_at")
