"""list names in every language (issue 15: the list's name in the subscriber's language)

Revision ID: b7e2c4a91f05
Revises: 476acfd11196
Create Date: 2026-12-02 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c4a91f05'
down_revision = '476acfd11196'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('lists', schema=None) as batch_op:
        batch_op.add_column(sa.Column('names', sa.JSON(), nullable=False, server_default='{}'))


def downgrade():
    with op.batch_alter_table('lists', schema=None) as batch_op:
        batch_op.drop_column('names')
