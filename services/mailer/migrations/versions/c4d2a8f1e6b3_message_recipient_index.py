"""a message's recipient blind index, to erase a person's messages (issue 18)

Revision ID: c4d2a8f1e6b3
Revises: 5f996f1e3d39
Create Date: 2026-12-08 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4d2a8f1e6b3"
down_revision = "5f996f1e3d39"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipient_index", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_messages_recipient_index"), ["recipient_index"], unique=False
        )


def downgrade():
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messages_recipient_index"))
        batch_op.drop_column("recipient_index")
