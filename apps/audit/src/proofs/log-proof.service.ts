import type { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import { AuditQueryError } from '../http/audit-query.error';
import type { AuditEntry } from '../log/audit-entry';
import type { LogReaderRepository } from '../log/log-reader.repository';
import type { CheckpointRow } from '../log/log-writer.repository';
import { nodesInOrder } from '../log/tree-node-rows';
import {
  type Hash,
  nodesOfPlan,
  planConsistencyProof,
  planInclusionProof,
  type ProofPlan,
  resolvePlan,
} from '../merkle';

const base64 = (hash: Hash): string => hash.toString('base64');

export interface CheckpointView {
  treeSize: number;
  rootHash: string;
  /** The signed note (C2SP tlog-checkpoint): what an auditor keeps and checks with the log's key. */
  checkpoint: string;
  reason: CheckpointRow['reason'];
  closesDay: string | null;
  createdAt: string;
}

export interface EntryWithProof {
  sequence: number;
  /** Hash it as RFC 8785 canonical JSON behind a 0x00 byte to get `leafHash`. */
  entry: AuditEntry;
  leafHash: string;
  /** The personal fields the entry holds only a commitment to: sha256(salt ‖ canonical JSON of value). */
  personalFields: { path: string; salt: string; value: unknown }[];
  /** Against the latest checkpoint; null until a checkpoint covers the entry (within a second or so). */
  inclusion: { treeSize: number; proof: string[]; checkpoint: CheckpointView } | null;
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  proof: string[];
}

/** Entries with their inclusion proofs, consistency proofs and checkpoints: what an auditor checks us with. */
export class LogProofService {
  constructor(
    private readonly reader: LogReaderRepository,
    private readonly signer: CheckpointSigner,
  ) {}

  async entry(sequence: number): Promise<EntryWithProof> {
    const stored = await this.reader.entry(sequence);
    if (!stored) throw new AuditQueryError('entry-not-found', `the log has no entry ${sequence}`, 'sequence');
    const [personal, latest] = await Promise.all([
      this.reader.personalFieldsBetween(sequence, sequence + 1),
      this.reader.latestCheckpoint(),
    ]);
    const covered = latest !== undefined && sequence < latest.treeSize;
    return {
      sequence,
      entry: stored.entry,
      leafHash: base64(stored.leafHash),
      personalFields: personal.map((field) => ({
        path: field.path,
        salt: base64(field.salt),
        value: field.value,
      })),
      inclusion: covered
        ? {
            treeSize: latest.treeSize,
            proof: await this.resolve(planInclusionProof(sequence, latest.treeSize)),
            checkpoint: this.view(latest),
          }
        : null,
    };
  }

  /** That the tree of `toSize` entries extends the one of `fromSize`: both at most the latest checkpoint. */
  async consistency(fromSize: number, toSize: number): Promise<ConsistencyProof> {
    const latest = await this.latest();
    if (toSize > latest.treeSize) {
      throw new AuditQueryError(
        'beyond-checkpoint',
        `to: must be at most ${latest.treeSize}, the size of the latest checkpoint`,
        'to',
      );
    }
    return { fromSize, toSize, proof: await this.resolve(planConsistencyProof(fromSize, toSize)) };
  }

  async latestCheckpoint(): Promise<CheckpointView & { origin: string; verifierKey: string }> {
    return {
      ...this.view(await this.latest()),
      origin: this.signer.origin,
      verifierKey: this.signer.verifierKey,
    };
  }

  private async latest(): Promise<CheckpointRow> {
    const latest = await this.reader.latestCheckpoint();
    if (!latest) throw new AuditQueryError('no-checkpoint-yet', 'the log has no checkpoint yet');
    return latest;
  }

  private async resolve(plan: ProofPlan): Promise<string[]> {
    const ids = nodesOfPlan(plan);
    const nodes = new Map(
      nodesInOrder(ids, await this.reader.readNodes(ids)).map((node) => [
        `${node.level}:${node.index}`,
        node.hash,
      ]),
    );
    return resolvePlan(plan, (id) => nodes.get(`${id.level}:${id.index}`) as Hash).map(base64);
  }

  private view(checkpoint: CheckpointRow): CheckpointView {
    return {
      treeSize: checkpoint.treeSize,
      rootHash: base64(checkpoint.rootHash),
      checkpoint: checkpoint.note,
      reason: checkpoint.reason,
      closesDay: checkpoint.closesDay,
      createdAt: checkpoint.createdAt.toISOString(),
    };
  }
}
