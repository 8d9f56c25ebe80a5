"""per-address daily counts, and when a subscription's confirmation was last sent (issue 17)

Revision ID: 5f996f1e3d39
Revises: fbd55b3a207c
Create Date: 2026-12-10 09:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5f996f1e3d39"
down_revision = "fbd55b3a207c"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "recipient_days",
        sa.Column("email_index", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("email_index", "day"),
    )
    with op.batch_alter_table("recipient_days", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recipient_days_day"), ["day"], unique=False)
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmation_sent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_column("confirmation_sent_at")
    with op.batch_alter_table("recipient_days", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recipient_days_day"))
    op.drop_table("recipient_days")
