"""event titles in every language (issue 15: the title in the recipient's language)

Revision ID: e5a1c0de7175
Revises: 48394bc7fb10
Create Date: 2026-12-14 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a1c0de7175'
down_revision = '48394bc7fb10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('titles', sa.JSON(), nullable=False, server_default='{}'))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('titles')
