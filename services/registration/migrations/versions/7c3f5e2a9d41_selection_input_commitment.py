"""selection input file and its commitment (issue 15: anyone can check the draw)

Revision ID: 7c3f5e2a9d41
Revises: e5a1c0de7175
Create Date: 2026-12-14 11:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c3f5e2a9d41'
down_revision = 'e5a1c0de7175'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('selections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inputs', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('inputs_sha256', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('selections', schema=None) as batch_op:
        batch_op.drop_column('inputs_sha256')
        batch_op.drop_column('inputs')
