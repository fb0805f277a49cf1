import { addDays, tokyoDateOf, tokyoInstant } from '@madoguchi/domain';
import { MerkleFrontier, perfectSubtreesOf, treeHead, type Hash } from '../merkle';
import type { CheckpointSigner } from '../checkpoints/checkpoint-signer';
import { type EntryDraft, numberEntry, sealEntry } from './audit-entry';
import {
  type BatchEntryRow,
  type CheckpointReason,
  type CheckpointRow,
  LogWriterRepository,
} from './log-writer.repository';
import { nodeKey, nodesInOrder } from './tree-node-rows';

export interface AppendResult {
  sequence: number;
  /** False when the event was already in the log (a redelivery): nothing was written. */
  appended: boolean;
}

export class SequencerLockLostError extends Error {
  override readonly name = 'SequencerLockLostError';
  constructor() {
    super('another audit process holds the sequencer lock: this one may no longer append');
  }
}

export interface SequencerHooks {
  /** Another process took over as sequencer while this one was cut off from the database. */
  onLockLost(): void;
}

/**
 * The one writer of the log. It numbers entries with no gap, keeps the right edge of the tree in
 * memory (valid for as long as it holds the lock), writes each entry with the nodes it completes in one
 * statement, and signs checkpoints of what it has written. Work is done one piece at a time.
 */
export class LogSequencer {
  private frontier: MerkleFrontier | undefined;
  private lastCheckpointSize: number | undefined;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly writer: LogWriterRepository,
    private readonly signer: CheckpointSigner,
    private readonly hooks: SequencerHooks,
  ) {}

  get isSequencer(): boolean {
    return this.writer.holdsLock && this.frontier !== undefined;
  }

  get treeSize(): number | undefined {
    return this.frontier?.size;
  }

  /** Waits until no other process is the sequencer, then takes over where the log stands. */
  async becomeSequencer({ pollMs = 1_000, signal }: { pollMs?: number; signal?: AbortSignal } = {}) {
    for (;;) {
      signal?.throwIfAborted();
      const acquired = await this.serially(async () => {
        if (!(await this.writer.tryAcquireLock())) return false;
        await this.loadState();
        return true;
      });
      if (acquired) return;
      await pause(pollMs, signal);
    }
  }

  append(draft: EntryDraft): Promise<AppendResult> {
    return this.serially(async () => {
      const frontier = await this.currentFrontier();
      const sequence = frontier.size;
      const { canonical, leaf } = sealEntry(numberEntry(draft, sequence));
      const next = frontier.clone();
      const completed = next.append(leaf).filter((node) => node.level > 0);
      let appended: boolean;
      try {
        appended = await this.writer.append(sequence, canonical, leaf, completed, draft.personalFields);
      } catch (error) {
        // Whether it committed is unknown: read the log again before the next append.
        this.frontier = undefined;
        throw error;
      }
      if (!appended) {
        const existing = await this.writer.sequenceOfEvent(draft.event.eventId);
        return { sequence: existing ?? -1, appended: false };
      }
      this.frontier = next;
      return { sequence, appended: true };
    });
  }

  /**
   * The drafts as consecutive entries, in order, in one transaction. An event already in the log, or
   * earlier in the same batch, is not written again: its result says where it is. Nothing is written
   * when the transaction fails.
   */
  appendBatch(drafts: readonly EntryDraft[]): Promise<AppendResult[]> {
    return this.serially(async () => {
      const frontier = await this.currentFrontier();
      // Only this process appends (it holds the lock), so what is not there now will not be by the commit.
      const known = await this.writer.sequencesOfEvents(drafts.map((draft) => draft.event.eventId));
      const next = frontier.clone();
      const rows: BatchEntryRow[] = [];
      const results = drafts.map((draft): AppendResult => {
        const eventId = draft.event.eventId.toLowerCase();
        const existing = known.get(eventId);
        if (existing !== undefined) return { sequence: existing, appended: false };
        const sequence = next.size;
        const { canonical, leaf } = sealEntry(numberEntry(draft, sequence));
        const nodes = next.append(leaf).filter((node) => node.level > 0);
        rows.push({ sequence, canonical, leaf, nodes, personal: draft.personalFields });
        known.set(eventId, sequence);
        return { sequence, appended: true };
      });
      if (rows.length === 0) return results;
      try {
        await this.writer.appendBatch(rows);
      } catch (error) {
        // Whether it committed is unknown: read the log again before the next append.
        this.frontier = undefined;
        throw error;
      }
      this.frontier = next;
      return results;
    });
  }

  /** Signs and stores a checkpoint of the log as it stands, unless the last one already covers it. */
  checkpoint(
    reason: Exclude<CheckpointReason, 'day-boundary'> = 'interval',
  ): Promise<CheckpointRow | undefined> {
    return this.serially(async () => {
      const frontier = await this.currentFrontier();
      if (this.lastCheckpointSize !== undefined && frontier.size <= this.lastCheckpointSize) return undefined;
      const stored = await this.store(frontier.size, frontier.root(), reason);
      this.lastCheckpointSize = frontier.size;
      return stored;
    });
  }

  /**
   * A checkpoint for each Asia/Tokyo day that has ended since the last one closed, at the size the log
   * had at midnight (entries are stamped with the database's clock when appended). The first day closed
   * is the day of the first entry.
   */
  closeEndedDays(now: Date): Promise<CheckpointRow[]> {
    return this.serially(async () => {
      const frontier = await this.currentFrontier();
      const today = tokyoDateOf(now);
      const lastClosed = await this.writer.lastClosedDay();
      const firstAppended = lastClosed ? undefined : await this.writer.firstAppendedAt();
      let day = lastClosed ? addDays(lastClosed, 1) : firstAppended ? tokyoDateOf(firstAppended) : undefined;
      const closed: CheckpointRow[] = [];
      while (day !== undefined && day < today) {
        const size = await this.writer.treeSizeAt(tokyoInstant(addDays(day, 1), '00:00'));
        const root = size === frontier.size ? frontier.root() : await this.headOf(size);
        closed.push(await this.store(size, root, 'day-boundary', day));
        day = addDays(day, 1);
      }
      return closed;
    });
  }

  /** Finishes the work in hand, checkpoints what was written, and lets go of the lock. */
  async stop(): Promise<void> {
    await this.tail.catch(() => undefined);
    if (this.isSequencer) await this.checkpoint('shutdown').catch(() => undefined);
    await this.serially(() => this.writer.disconnect());
    this.frontier = undefined;
  }

  private async currentFrontier(): Promise<MerkleFrontier> {
    if (this.frontier && this.writer.holdsLock) return this.frontier;
    if (!this.writer.holdsLock) {
      // Cut off (a database restart, say): carry on only if nobody else took over meanwhile.
      if (!(await this.writer.tryAcquireLock())) {
        this.frontier = undefined;
        this.hooks.onLockLost();
        throw new SequencerLockLostError();
      }
    }
    return this.loadState();
  }

  private async loadState(): Promise<MerkleFrontier> {
    const size = await this.writer.treeSize();
    const ids = MerkleFrontier.nodeIdsFor(size);
    const frontier = MerkleFrontier.fromNodes(size, nodesInOrder(ids, await this.writer.readNodes(ids)));
    this.lastCheckpointSize = (await this.writer.latestCheckpoint())?.treeSize;
    this.frontier = frontier;
    return frontier;
  }

  private async headOf(size: number): Promise<Hash> {
    const ids = perfectSubtreesOf({ start: 0, end: size });
    const nodes = await this.writer.readNodes(ids);
    return treeHead(size, (id) => {
      const hash = nodes.get(nodeKey(id));
      if (!hash) throw new Error(`tree node ${nodeKey(id)} is not stored`);
      return hash;
    });
  }

  private store(treeSize: number, rootHash: Hash, reason: CheckpointReason, closesDay?: string) {
    return this.writer.storeCheckpoint({
      treeSize,
      rootHash,
      note: this.signer.sign(treeSize, rootHash),
      reason,
      closesDay,
    });
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work, work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', aborted, { once: true });
    function done(): void {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    }
  });
}
