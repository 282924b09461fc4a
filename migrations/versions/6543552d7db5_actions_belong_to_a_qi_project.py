"""actions belong to a QI project

action_item.project_id: the QI project an action answers (optional; kept as NULL if the
project is deleted).

Revision ID: 6543552d7db5
Revises: a88e57899ba5
Create Date: 2026-12-03 12:46:37.662869

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '6543552d7db5'
down_revision = 'a88e57899ba5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('project_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_item_project_id'), ['project_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_item_project_id_qi_project'), 'qi_project', ['project_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('action_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_item_project_id_qi_project'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_item_project_id'))
        batch_op.drop_column('project_id')

