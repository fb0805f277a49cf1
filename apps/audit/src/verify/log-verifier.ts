import type { AuditEntry } from '../log/audit-entry';
import type { LogReaderRepository, StoredLeaf, StoredPersonalField } from '../log/log-reader.repository';
import type { CheckpointRow } from '../log/log-writer.repository';
import { commitmentOf } from '../log/personal-fields';
import { nodeKey } from '../log/tree-node-rows';
import {
  type Checkpoint,
  type Hash,
  HASH_SIZE,
  type LeafRange,
  type NodeId,
  type NoteVerifier,
  openCheckpoint,
  type TreeNode,
} from '../merkle';
import { BinaryFrontier } from './binary-frontier';
import { alteredColumnDefinitions } from './entry-columns';

export interface BadEntry {
  sequence: number;
  eventId?: string;
  type?: string;
  problem: string;
}

export interface VerificationReport {
  ok: boolean;
  origin: string;
  entries: number;
  checkpoints: number;
  /** Checkpoints from outside the database (the checkpoint stream), checked like the stored ones. */
  externalCheckpoints: number;
  personalFields: { checked: number; erased: number };
  /** Entries after the largest signed checkpoint: only as good as the database until the next checkpoint. */
  uncovered: number;
  /** The first entry that is not what was written, when one can be named. */
  firstBadEntry?: BadEntry;
  /** Everything found wrong, in the order found (the first hundred). */
  problems: string[];
  seconds: number;
}

export interface VerifyOptions {
  /** Notes of checkpoints kept outside the database (the JetStream checkpoint stream). */
  externalCheckpoints?: readonly string[];
  batchSize?: number;
  onProgress?: (entriesDone: number, entriesTotal: number) => void;
}

interface ExpectedHead {
  source: string;
  treeSize: number;
  rootHash: Hash;
}

type Problem = (text: string, bad?: BadEntry) => void;

const MAX_PROBLEMS = 100;

/**
 * Recomputes the whole log from what is stored: every leaf from the bytes of its entry, every stored tree
 * node from the leaves, every personal-field commitment, and the head at the size of every checkpoint,
 * whose signature is checked with the log's key. Stored hashes are never trusted, only compared: a
 * superuser who rewrote an entry, its leaf and the nodes above still meets the signed checkpoints.
 * The other columns of an entry are generated from its bytes by the database, which the catalog confirms.
 */
export class LogVerifier {
  constructor(
    private readonly reader: LogReaderRepository,
    private readonly verifier: NoteVerifier,
    private readonly origin: string,
  ) {}

  async verify(options: VerifyOptions = {}): Promise<VerificationReport> {
    const started = process.hrtime.bigint();
    const problems: string[] = [];
    let firstBadEntry: BadEntry | undefined;
    const problem: Problem = (text, bad) => {
      if (problems.length < MAX_PROBLEMS) problems.push(text);
      if (bad && (!firstBadEntry || bad.sequence < firstBadEntry.sequence)) firstBadEntry = bad;
    };

    // The catalog is checked while the checkpoints and the size are read: the checkpoints first, so that
    // none of them can cover entries appended after the size was read.
    const [, [stored, size]] = await Promise.all([
      this.checkColumnsDerived(problem),
      this.reader.allCheckpoints().then(async (rows) => [rows, await this.reader.treeSize()] as const),
    ]);
    const heads = [
      ...this.openAll(
        stored.map((row) => ({ source: `checkpoint #${row.id}`, note: row.note, row })),
        problem,
      ),
      ...this.openAll(
        (options.externalCheckpoints ?? []).map((note, index) => ({
          source: `published checkpoint ${index + 1}`,
          note,
        })),
        problem,
      ),
    ].sort((a, b) => a.treeSize - b.treeSize);
    const storedNotes = new Set(stored.map((row) => row.note));
    const unstored = (options.externalCheckpoints ?? []).filter((note) => !storedNotes.has(note)).length;
    if (unstored > 0)
      problem(`${unstored} published checkpoint(s) are missing from the database: rows were deleted`);

    const batchSize = options.batchSize ?? 10_000;
    const frontier = new BinaryFrontier();
    const personal = { checked: 0, erased: 0 };
    // Leaves and subtrees already found altered: the stored nodes above them rightly differ too.
    const altered: LeafRange[] = [];
    let nextHead = 0;
    let lastGoodHeadSize = 0;
    /** The checkpoints of the size the tree has just reached, with the head they must carry. */
    const reached: { head: ExpectedHead; root: Hash }[] = [];
    const reachHeads = (): void => {
      while (nextHead < heads.length && heads[nextHead]!.treeSize === frontier.size) {
        reached.push({ head: heads[nextHead++]!, root: frontier.root() });
      }
    };
    /** Judged after the entries and nodes below them, whose findings name an entry more precisely. */
    const checkHeads = (): void => {
      for (const { head, root } of reached.splice(0)) {
        if (head.rootHash.equals(root)) {
          lastGoodHeadSize = head.treeSize;
          continue;
        }
        const range = `${lastGoodHeadSize}–${head.treeSize - 1}`;
        const named = firstBadEntry !== undefined && firstBadEntry.sequence < head.treeSize;
        problem(
          `${head.source} (signed, ${head.treeSize} entries) does not match the log: an entry among ${range} was changed`,
          named
            ? undefined
            : {
                sequence: lastGoodHeadSize,
                problem: `the log no longer matches the signed checkpoint of ${head.treeSize} entries; an entry among ${range} was changed`,
              },
        );
      }
    };
    reachHeads();
    checkHeads();

    const fetch = (from: number) => {
      const to = Math.min(size, from + batchSize);
      return Promise.all([
        this.reader.leafBatch(from, to),
        this.reader.nodeBatch(from, to),
        this.reader.personalFieldsBetween(from, to),
      ]);
    };
    // The next batch is read while this one is hashed.
    let next = size > 0 ? fetch(0) : undefined;
    for (let from = 0; from < size; from += batchSize) {
      const to = Math.min(size, from + batchSize);
      const [leafBatch, nodeBatch, fields] = await next!;
      next = to < size ? fetch(to) : undefined;
      let entries = cutLeafBatch(from, to, leafBatch);
      if (!entries || entries.misnumbered.length > 0) {
        // An entry is missing, its bytes hold a newline or it is not where its number says: read the
        // batch row by row, in sequence order, to say which.
        const rows = await this.reader.leavesBetween(from, to);
        const missing = rows.findIndex((row, index) => row.sequence !== from + index);
        if (missing >= 0 || rows.length !== to - from) {
          const sequence = missing >= 0 ? from + missing : from + rows.length;
          problem(`entry ${sequence} is missing`, { sequence, problem: 'it is missing from the log' });
          // Without the entry the tree cannot be recomputed past it; the rest would only repeat the news.
          await next?.catch(() => undefined);
          return this.report(heads, false, size, stored, options, personal, firstBadEntry, problems, started);
        }
        entries = entriesOfRows(from, rows);
      }
      const fieldsBySequence = groupBy(fields, (field) => field.sequence);
      const { canonical, starts, ends, leafHashes } = entries;
      const misnumbered = new Set(entries.misnumbered);
      // The stored nodes these entries completed, in the order their appends made them: compared as they
      // are recomputed when they are all there; otherwise collected and matched by position afterwards.
      const storedNodes =
        nodeBatch.count === interiorNodesCompletedBetween(from, to) &&
        nodeBatch.hashes.length === nodeBatch.count * HASH_SIZE
          ? nodeBatch.hashes.toString('latin1')
          : undefined;
      const completed: TreeNode[] = [];
      let nodeOffset = 0;
      for (let k = 0; k < to - from; k++) {
        const sequence = from + k;
        const withSpareByte = canonical.subarray(starts[k]! - 1, ends[k]);
        const leaf = BinaryFrontier.leafOf(withSpareByte);
        if (!leafHashes.startsWith(leaf, k * HASH_SIZE)) {
          altered.push({ start: sequence, end: sequence + 1 });
          badEntry(
            leafBytesOf(entries, k),
            'its content no longer hashes to its leaf: it was changed after it was written',
            problem,
          );
        } else if (misnumbered.has(k)) {
          badEntry(leafBytesOf(entries, k), 'its entry gives another sequence number', problem);
        }
        const committed = fieldsBySequence.get(sequence);
        if (committed || withSpareByte.includes(PERSONAL_KEY)) {
          this.checkPersonalFields(leafBytesOf(entries, k), committed ?? [], personal, problem);
        }
        frontier.append(leaf);
        for (let n = 0; n < frontier.completedCount; n++) {
          const node = frontier.completed[n]!;
          if (storedNodes !== undefined) {
            if (!storedNodes.startsWith(node, nodeOffset++ * HASH_SIZE)) {
              this.nodeDiffers({ level: n + 1, index: frontier.completedIndex(n + 1) }, altered, problem);
            }
          } else {
            completed.push({
              level: n + 1,
              index: frontier.completedIndex(n + 1),
              hash: Buffer.from(node, 'latin1'),
            });
          }
        }
        if (nextHead < heads.length && heads[nextHead]!.treeSize === frontier.size) reachHeads();
      }
      if (storedNodes === undefined) await this.checkNodes(from, to, completed, altered, problem);
      checkHeads();
      options.onProgress?.(to, size);
    }
    for (const head of heads.slice(nextHead)) {
      problem(
        `${head.source} covers ${head.treeSize} entries but the log holds ${size}: entries were removed`,
        {
          sequence: size,
          problem: `entries from ${size} on are gone, yet a signed checkpoint covers ${head.treeSize}`,
        },
      );
    }
    return this.report(
      heads,
      problems.length === 0,
      size,
      stored,
      options,
      personal,
      firstBadEntry,
      problems,
      started,
    );
  }

  /** Should the catalog no longer derive a column from the entry, the rows it let change are named. */
  private async checkColumnsDerived(problem: Problem): Promise<void> {
    const changed = alteredColumnDefinitions(await this.reader.entryColumnDefinitions());
    if (changed.length === 0) return;
    problem(
      `audit_entries: ${changed.join(', ')} no longer derived from the entry as the migration made them`,
    );
    for (const { sequence, column, eventId, type } of await this.reader.entriesWithAlteredColumns()) {
      problem(`entry ${sequence}: its ${column} column differs from its entry`, {
        sequence,
        eventId,
        type,
        problem: `its ${column} column was changed (the entry itself is intact)`,
      });
    }
  }

  private openAll(
    notes: { source: string; note: string; row?: CheckpointRow }[],
    problem: Problem,
  ): ExpectedHead[] {
    const heads: ExpectedHead[] = [];
    for (const { source, note, row } of notes) {
      let checkpoint: Checkpoint;
      try {
        checkpoint = openCheckpoint(note, this.verifier, this.origin);
      } catch (error) {
        problem(`${source}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      if (row && (row.treeSize !== checkpoint.treeSize || !row.rootHash.equals(checkpoint.rootHash))) {
        problem(`${source}: its size or root column differs from its signed note`);
      }
      heads.push({ source, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash });
    }
    return heads;
  }

  private checkPersonalFields(
    row: LeafBytes,
    fields: readonly StoredPersonalField[],
    counts: { checked: number; erased: number },
    problem: Problem,
  ): void {
    const commitments = parseEntry(row.bytes)?.personal ?? {};
    for (const field of fields) {
      const commitment = commitments[field.path];
      if (commitment === undefined || commitmentOf(field.salt, field.value) !== commitment) {
        badEntry(row, `its personal field ${field.path} does not match the commitment in the entry`, problem);
      }
      counts.checked++;
    }
    // A committed field with no row was erased (a resident's right); the commitment stays, and proves nothing more.
    counts.erased += Object.keys(commitments).filter(
      (path) => !fields.some((field) => field.path === path),
    ).length;
  }

  /** Where a batch's stored nodes are not all there: the recomputed ones matched to the stored by position. */
  private async checkNodes(
    from: number,
    to: number,
    computed: readonly TreeNode[],
    altered: LeafRange[],
    problem: Problem,
  ): Promise<void> {
    const stored = new Map(
      (await this.reader.nodesCompletedBetween(from, to)).map((node) => [nodeKey(node), node]),
    );
    for (const node of computed) {
      const found = stored.get(nodeKey(node));
      if (!found) problem(`tree node ${node.level}:${node.index} is missing`);
      else if (!found.hash.equals(node.hash)) this.nodeDiffers(node, altered, problem);
      stored.delete(nodeKey(node));
    }
    for (const extra of stored.values())
      problem(`tree node ${extra.level}:${extra.index} should not be there`);
  }

  private nodeDiffers(computed: NodeId, altered: LeafRange[], problem: Problem): void {
    const where = `tree node ${computed.level}:${computed.index}`;
    const range = {
      start: computed.index * 2 ** computed.level,
      end: (computed.index + 1) * 2 ** computed.level,
    };
    // Above an altered leaf or subtree the stored node, written from the original, rightly differs.
    if (altered.some((known) => known.start >= range.start && known.end <= range.end)) return;
    altered.push(range);
    const entries = `${range.start}–${range.end - 1}`;
    problem(`${where} differs from the one recomputed from entries ${entries}`, {
      sequence: range.start,
      problem: `an entry among ${entries} was changed together with its leaf hash (${where} no longer matches)`,
    });
  }

  private report(
    heads: readonly ExpectedHead[],
    ok: boolean,
    entries: number,
    stored: readonly CheckpointRow[],
    options: VerifyOptions,
    personalFields: { checked: number; erased: number },
    firstBadEntry: BadEntry | undefined,
    problems: string[],
    started: bigint,
  ): VerificationReport {
    return {
      ok,
      origin: this.origin,
      entries,
      checkpoints: stored.length,
      externalCheckpoints: options.externalCheckpoints?.length ?? 0,
      personalFields,
      uncovered: Math.max(0, entries - Math.max(0, ...heads.map((head) => head.treeSize))),
      ...(firstBadEntry ? { firstBadEntry } : {}),
      problems,
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  }
}

/** One entry as verification sees it: its sequence, the bytes its leaf is the hash of. */
interface LeafBytes {
  sequence: number;
  bytes: Buffer;
}

/**
 * A batch of entries as one buffer: entry k is `canonical[starts[k] … ends[k])`, with a spare byte before
 * it (the leaf prefix goes there: hashed without a copy); the stored leaves back to back as latin1 text.
 */
interface EntryBatch {
  from: number;
  canonical: Buffer;
  starts: Uint32Array;
  ends: Uint32Array;
  leafHashes: string;
  /** Entries (k) whose bytes do not end with their own sequence number. */
  misnumbered: number[];
}

const PERSONAL_KEY = Buffer.from('"personal":');
const SEQUENCE_KEY = Buffer.from('"sequence":');
const NEWLINE = 0x0a;
const CLOSING_BRACE = 0x7d;
const DIGIT_ZERO = 0x30;
/** Never a character of a latin1 digest: a stored leaf of the wrong length that matches nothing. */
const NO_LEAF = '\uffff'.repeat(HASH_SIZE);

/** The batch cut into entries; undefined when it does not hold exactly the entries from..to-1. */
function cutLeafBatch(
  from: number,
  to: number,
  batch: { count: number; canonical: Buffer; leafHashes: Buffer },
): EntryBatch | undefined {
  const count = to - from;
  const { canonical } = batch;
  if (batch.count !== count || batch.leafHashes.length !== count * HASH_SIZE) return undefined;
  const starts = new Uint32Array(count);
  const ends = new Uint32Array(count);
  const misnumbered: number[] = [];
  // The batch starts with a spare byte, so every entry has one before it (the first, or a separator).
  let start = 1;
  for (let k = 0; k < count; k++) {
    const end = k === count - 1 ? canonical.length : canonical.indexOf(NEWLINE, start);
    if (end < 0) return undefined;
    starts[k] = start;
    ends[k] = end;
    if (!numberedAs(canonical, start, end, from + k)) misnumbered.push(k);
    start = end + 1;
  }
  if (start !== canonical.length + 1) return undefined;
  return { from, canonical, starts, ends, leafHashes: batch.leafHashes.toString('latin1'), misnumbered };
}

/** The batch from its rows, read one by one: cut by their lengths, whatever bytes they hold. */
function entriesOfRows(from: number, rows: readonly StoredLeaf[]): EntryBatch {
  const parts: Buffer[] = [];
  const starts = new Uint32Array(rows.length);
  const ends = new Uint32Array(rows.length);
  const misnumbered: number[] = [];
  let offset = 0;
  rows.forEach((row, k) => {
    const bytes = Buffer.from(row.canonical, 'utf8');
    parts.push(Buffer.alloc(1), bytes);
    starts[k] = offset + 1;
    ends[k] = offset + 1 + bytes.length;
    offset = ends[k]!;
    if (!numberedAs(bytes, 0, bytes.length, from + k)) misnumbered.push(k);
  });
  const leafHashes = rows
    .map((row) => (row.leafHash.length === HASH_SIZE ? row.leafHash.toString('latin1') : NO_LEAF))
    .join('');
  return { from, canonical: Buffer.concat(parts), starts, ends, leafHashes, misnumbered };
}

function leafBytesOf(batch: EntryBatch, k: number): LeafBytes {
  return { sequence: batch.from + k, bytes: batch.canonical.subarray(batch.starts[k], batch.ends[k]) };
}

/** Whether `bytes[start … end)` ends with `"sequence":<sequence>}`, read in place. */
function numberedAs(bytes: Buffer, start: number, end: number, sequence: number): boolean {
  let at = end - 1;
  if (at < start || bytes[at] !== CLOSING_BRACE) return false;
  let rest = sequence;
  do {
    at--;
    if (at < start || bytes[at] !== DIGIT_ZERO + (rest % 10)) return false;
    rest = Math.floor(rest / 10);
  } while (rest > 0);
  at -= SEQUENCE_KEY.length;
  return (
    at >= start && bytes.compare(SEQUENCE_KEY, 0, SEQUENCE_KEY.length, at, at + SEQUENCE_KEY.length) === 0
  );
}

/** How many interior nodes entries [from, to) complete: at each level, the multiples of its width they reach. */
function interiorNodesCompletedBetween(from: number, to: number): number {
  let count = 0;
  for (let width = 2; width <= to; width *= 2) count += Math.floor(to / width) - Math.floor(from / width);
  return count;
}

/** Names an entry as bad, with its event id and type when its bytes still parse. */
function badEntry(row: LeafBytes, text: string, problem: Problem): void {
  const event = parseEntry(row.bytes)?.event;
  problem(`entry ${row.sequence}: ${text}`, {
    sequence: row.sequence,
    ...(typeof event?.eventId === 'string' ? { eventId: event.eventId } : {}),
    ...(typeof event?.type === 'string' ? { type: event.type } : {}),
    problem: text,
  });
}

function parseEntry(bytes: Buffer): Partial<AuditEntry> | undefined {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
