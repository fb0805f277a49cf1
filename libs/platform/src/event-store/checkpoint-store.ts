import type { EntityManager } from 'typeorm';
import { type CommitPosition, START_OF_LOG } from './event-store.types';

/**
 * Where each reader of the event store (relay, projection) has got to. Saved with the `manager` of the
 * transaction that did the work, so the work and the checkpoint commit or roll back together.
 */
export class CheckpointStore {
  async load(name: string, manager: EntityManager): Promise<CommitPosition> {
    const [row]: { transaction_id: string; global_position: string }[] = await manager.query(
      `SELECT transaction_id::text, global_position FROM event_checkpoints WHERE name = $1`,
      [name],
    );
    return row
      ? { transactionId: row.transaction_id, globalPosition: Number(row.global_position) }
      : START_OF_LOG;
  }

  async save(name: string, position: CommitPosition, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO event_checkpoints (name, transaction_id, global_position, updated_at)
       VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (name) DO UPDATE
         SET transaction_id = excluded.transaction_id,
             global_position = excluded.global_position,
             updated_at = now()`,
      [name, position.transactionId, position.globalPosition],
    );
  }

  async reset(name: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM event_checkpoints WHERE name = $1`, [name]);
  }
}
