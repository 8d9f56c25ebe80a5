"""an outbox item's sealed payload: the address an erasure sends to the mailer (issue 18)

Revision ID: d8e1f4a7b2c9
Revises: 328736febe49
Create Date: 2026-12-08 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d8e1f4a7b2c9"
down_revision = "328736febe49"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("sealed")
