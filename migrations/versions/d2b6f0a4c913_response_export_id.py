"""response.export_id: exports show an id that is in no public address

Exports showed each response's public_id, which is also the address of its thank-you page
(/thanks/<id>): someone who saw that address on a person's phone could find their row.
Each response now has a second random id, for exports only; existing responses get one.

Revision ID: d2b6f0a4c913
Revises: d2b7e4a1c9f0
Create Date: 2026-12-03 12:40:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd2b6f0a4c913'
down_revision = 'd2b7e4a1c9f0'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('export_id', sa.String(length=16), nullable=True))
    connection = op.get_bind()
    response = sa.table('response', sa.column('id', sa.Integer), sa.column('export_id', sa.String))
    ids = [row[0] for row in connection.execute(sa.select(response.c.id))]
    update = response.update().where(response.c.id == sa.bindparam('row_id')).values(export_id=sa.bindparam('new_id'))
    for start in range(0, len(ids), BATCH):
        connection.execute(update, [{'row_id': row_id, 'new_id': secrets.token_hex(8)}
                                    for row_id in ids[start:start + BATCH]])
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.alter_column('export_id', existing_type=sa.String(length=16), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_response_export_id'), ['export_id'])


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_response_export_id'), type_='unique')
        batch_op.drop_column('export_id')
