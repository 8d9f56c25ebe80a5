"""when "send me my link" last queued a link (issue 17: a cooldown instead of revoking)

Revision ID: 328736febe49
Revises: bccbea239a1e
Create Date: 2026-12-10 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "328736febe49"
down_revision = "bccbea239a1e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("link_sent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_column("link_sent_at")
