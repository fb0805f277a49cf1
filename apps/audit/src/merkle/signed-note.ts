import { assertKeyName, type NoteSigner, type NoteVerifier } from './note-keys';

/**
 * C2SP signed notes (https://c2sp.org/signed-note): a text ending in a newline, a blank line, then
 * one line per signature, `— <key name> <base64(key id ‖ signature)>`. The signature covers the text,
 * final newline included.
 */
export class NoteError extends Error {
  override readonly name = 'NoteError';
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

export interface OpenedNote {
  text: string;
  /** The signatures made by one of the given keys, all of them valid. */
  verifiedBy: NoteSignature[];
  /** Signatures by keys not given, left unchecked. */
  unknown: NoteSignature[];
}

const SIGNATURE_PREFIX = '\u2014 ';
/** No ASCII control character but the newline may appear in a note. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0009\u000b-\u001f]/;

export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw new NoteError('a note needs at least one signature');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    assertKeyName(signer.name);
    const signature = Buffer.concat([signer.keyId, signer.sign(message)]).toString('base64');
    return `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Parses a note and checks it: a bad signature by a known key rejects it, and one good one is needed. */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const verifiedBy: NoteSignature[] = [];
  const unknown: NoteSignature[] = [];
  const message = Buffer.from(text, 'utf8');
  for (const signature of signatures) {
    const verifier = verifiers.find(
      (candidate) => candidate.name === signature.name && candidate.keyId.equals(signature.keyId),
    );
    if (!verifier) {
      unknown.push(signature);
      continue;
    }
    if (!verifier.verify(message, signature.signature)) {
      throw new NoteError(`the signature of ${signature.name} does not verify`);
    }
    verifiedBy.push(signature);
  }
  if (verifiedBy.length === 0) throw new NoteError('the note carries no signature by a known key');
  return { text, verifiedBy, unknown };
}

export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (CONTROL_CHARACTER.test(note)) throw new NoteError('a note holds no control character but newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a note is a text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (!block.endsWith('\n')) throw new NoteError('the last signature line must end with a newline');
  const signatures = block
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteError(`not a signature line: ${line}`);
      const [name, encoded, ...rest] = line.slice(SIGNATURE_PREFIX.length).split(' ');
      if (!name || !encoded || rest.length > 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
        throw new NoteError(`malformed signature line: ${line}`);
      }
      const bytes = Buffer.from(encoded, 'base64');
      if (bytes.length < 5) throw new NoteError(`signature of ${name} is too short`);
      return { name, keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) };
    });
  return { text, signatures };
}

function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends with a newline');
  if (CONTROL_CHARACTER.test(text)) throw new NoteError('a note text holds no control character but newline');
}
