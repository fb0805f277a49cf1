import { type Hash, HASH_SIZE } from './hashes';
import type { NoteSigner, NoteVerifier } from './note-keys';
import { NoteError, openNote, signNote } from './signed-note';

/**
 * A log checkpoint in the C2SP tlog-checkpoint format (https://c2sp.org/tlog-checkpoint): the origin
 * line, the tree size in decimal, the base64 tree head, optional extension lines, as a signed note.
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Hash;
  extensions?: readonly string[];
}

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

export function checkpointText({ origin, treeSize, rootHash, extensions = [] }: Checkpoint): string {
  if (origin.length === 0 || origin.includes('\n'))
    throw new CheckpointError('the origin is one non-empty line');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new CheckpointError(`bad tree size ${treeSize}`);
  if (rootHash.length !== HASH_SIZE) throw new CheckpointError('the root hash is 32 bytes');
  if (extensions.some((line) => line.length === 0 || line.includes('\n'))) {
    throw new CheckpointError('an extension is one non-empty line');
  }
  return [origin, String(treeSize), rootHash.toString('base64'), ...extensions]
    .map((line) => `${line}\n`)
    .join('');
}

export function parseCheckpointText(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('a checkpoint ends with a newline');
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (!origin) throw new CheckpointError('the checkpoint has no origin line');
  if (!size || !/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new CheckpointError('the second line of a checkpoint is the tree size in decimal');
  }
  const rootHash = Buffer.from(root ?? '', 'base64');
  if (!root || rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== root) {
    throw new CheckpointError('the third line of a checkpoint is the base64 root hash');
  }
  if (extensions.some((line) => line.length === 0)) throw new CheckpointError('empty extension line');
  return { origin, treeSize: Number(size), rootHash, extensions };
}

export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  return signNote(checkpointText(checkpoint), [signer]);
}

/** Verifies the note with the log's key and checks its origin; returns what it says. */
export function openCheckpoint(note: string, verifier: NoteVerifier, origin: string): Checkpoint {
  const { text } = openNote(note, [verifier]);
  const checkpoint = parseCheckpointText(text);
  if (checkpoint.origin !== origin) {
    throw new NoteError(`the checkpoint is of log ${checkpoint.origin}, not ${origin}`);
  }
  return checkpoint;
}
