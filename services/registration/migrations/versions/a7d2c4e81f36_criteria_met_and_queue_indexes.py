""""criteria met" stored, and the queue's indexes (issue 18: reads that stay fast)

The queue's page reads (event, created_at); its counts and the balance panel read only
(event, status, the balance's features, erased_at), which covers them.

The queue filters and counts "criteria met" in SQL, so it is a column now; every ORM write
keeps it right (`models._store_criteria_met`). Here it is computed once for the rows that
exist, by the same rule (`models.unmet_criteria`): true for every track but the floor
speakers', whose rows are read in batches (their checks are JSON).

Revision ID: a7d2c4e81f36
Revises: a18d0e1e7701
Create Date: 2026-12-08 04:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7d2c4e81f36"
down_revision = "a18d0e1e7701"
branch_labels = None
depends_on = None

BATCH = 1000
COUNTED = ("status", "category", "subregion", "gender", "age_band", "migrant_led")


def _unmet(criteria, authorised_at) -> bool:
    # models.unmet_criteria for a floor speaker, frozen here as migrations must be.
    checks = criteria or {}
    return not (authorised_at and checks.get("category") and checks.get("expertise"))


def upgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("criteria_met", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.create_index(
            "ix_registrations_event_created", ["event_key", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_registrations_event_counts",
            ["event_key", *COUNTED, "erased_at"],
            unique=False,
        )
    registrations = sa.table(
        "registrations",
        sa.column("id", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("criteria", sa.JSON()),
        sa.column("authorised_at", sa.DateTime(timezone=True)),
        sa.column("criteria_met", sa.Boolean()),
    )
    connection = op.get_bind()
    last = None
    while True:
        query = (
            sa.select(registrations.c.id, registrations.c.criteria, registrations.c.authorised_at)
            .where(registrations.c.kind == "floor_speaker")
            .order_by(registrations.c.id)
            .limit(BATCH)
        )
        if last is not None:
            query = query.where(registrations.c.id > last)
        rows = connection.execute(query).all()
        if not rows:
            break
        unmet = [row.id for row in rows if _unmet(row.criteria, row.authorised_at)]
        if unmet:
            connection.execute(
                registrations.update()
                .where(registrations.c.id.in_(unmet))
                .values(criteria_met=False)
            )
        last = rows[-1].id


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_registrations_event_counts")
        batch_op.drop_index("ix_registrations_event_created")
        batch_op.drop_column("criteria_met")
