import { generateKeyPairSync } from 'node:crypto';
import { checkpointText, openCheckpoint, parseCheckpointText, signCheckpoint } from './checkpoint';
import { EMPTY_TREE_ROOT } from './hashes';
import {
  ed25519Signer,
  formatNoteSignerKey,
  formatVerifierKey,
  parseNoteSignerKey,
  parseSigningKey,
  parseVerifierKey,
  rawPublicKeyOf,
  seedOf,
} from './note-keys';
import { NoteError, openNote, signNote } from './signed-note';

/** The known answer of Go's golang.org/x/mod/sumdb/note tests: Ed25519 signs deterministically. */
const PETER_SIGNER_KEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_TEXT =
  'If you think cryptography is the answer to your problem,\n' +
  "then you don't know what your problem is.\n";
const PETER_NOTE =
  `${PETER_TEXT}\n` +
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

describe('C2SP signed notes', () => {
  const peter = parseNoteSignerKey(PETER_SIGNER_KEY);
  const signer = ed25519Signer(peter.name, peter.privateKey);

  it('sign the sumdb/note example byte for byte, with the key id of the spec', () => {
    expect(signer.keyId.toString('hex')).toBe('c74f20a3');
    expect(formatVerifierKey(peter.name, rawPublicKeyOf(peter.privateKey))).toBe(PETER_VERIFIER_KEY);
    expect(formatNoteSignerKey(peter.name, peter.privateKey)).toBe(PETER_SIGNER_KEY);
    expect(signNote(PETER_TEXT, [signer])).toBe(PETER_NOTE);
  });

  it('open with the verifier key an auditor is given', () => {
    const opened = openNote(PETER_NOTE, [parseVerifierKey(PETER_VERIFIER_KEY)]);
    expect(opened.text).toBe(PETER_TEXT);
    expect(opened.verifiedBy.map((signature) => signature.name)).toEqual(['PeterNeumann']);
  });

  it('are refused when the text changes, the signature changes, or no known key signed', () => {
    const verifier = parseVerifierKey(PETER_VERIFIER_KEY);
    expect(() => openNote(PETER_NOTE.replace('answer', 'answers'), [verifier])).toThrow(NoteError);
    expect(() => openNote(PETER_NOTE.replace('BwJnAM=', 'BwJnAA='), [verifier])).toThrow(/does not verify/);
    const other = ed25519Signer('Other', generateKeyPairSync('ed25519').privateKey);
    expect(() => openNote(PETER_NOTE, [other.verifier])).toThrow(/no signature by a known key/);
    expect(() => openNote(PETER_NOTE.replace('\u2014', '--'), [verifier])).toThrow(/not a signature line/);
    expect(() => openNote(PETER_NOTE.replace('problem,', 'problem,\t'), [verifier])).toThrow(/control/);
  });

  it('read a signing key as base64 seed, base64 PKCS#8 or signer key, all the same key', () => {
    const seed = seedOf(peter.privateKey);
    const pkcs8 = peter.privateKey.export({ format: 'der', type: 'pkcs8' });
    for (const configured of [seed.toString('base64'), pkcs8.toString('base64'), PETER_SIGNER_KEY]) {
      expect(rawPublicKeyOf(parseSigningKey(configured))).toEqual(rawPublicKeyOf(peter.privateKey));
    }
    expect(() => parseSigningKey('c2hvcnQ=')).toThrow(/32-byte Ed25519 seed/);
  });

  it('refuse a verifier key whose id does not match its key', () => {
    expect(() => parseVerifierKey(PETER_VERIFIER_KEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/key id/);
  });
});

describe('C2SP tlog-checkpoints', () => {
  const signer = ed25519Signer('city.example/audit', generateKeyPairSync('ed25519').privateKey);
  const root = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');

  it('read origin, size and base64 root hash, one per line', () => {
    const text = checkpointText({ origin: 'city.example/audit', treeSize: 8, rootHash: root });
    expect(text).toBe('city.example/audit\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n');
    expect(parseCheckpointText(text)).toEqual({
      origin: 'city.example/audit',
      treeSize: 8,
      rootHash: root,
      extensions: [],
    });
  });

  it('are signed notes opened with the log key and origin', () => {
    const note = signCheckpoint(
      { origin: 'city.example/audit', treeSize: 0, rootHash: EMPTY_TREE_ROOT },
      signer,
    );
    expect(note).toMatch(
      /^city\.example\/audit\n0\n47DEQpj8HBSa\+\/TImW\+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n\u2014 city\.example\/audit /,
    );
    expect(openCheckpoint(note, signer.verifier, 'city.example/audit').treeSize).toBe(0);
    expect(() => openCheckpoint(note, signer.verifier, 'other.example/audit')).toThrow(/not other\.example/);
    expect(() =>
      openCheckpoint(note.replace('\n0\n', '\n1\n'), signer.verifier, 'city.example/audit'),
    ).toThrow(NoteError);
  });

  it.each([
    ['a size with a leading zero', 'o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', /tree size/],
    ['a negative size', 'o\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', /tree size/],
    ['a short root', 'o\n8\nXcnaeacG\n', /root hash/],
    ['no final newline', 'o\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=', /newline/],
  ])('refuse %s', (_what, text, message) => {
    expect(() => parseCheckpointText(text)).toThrow(message);
  });
});
