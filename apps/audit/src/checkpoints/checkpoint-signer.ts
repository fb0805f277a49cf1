import { createHash, type KeyObject } from 'node:crypto';
import {
  assertKeyName,
  ed25519Signer,
  formatVerifierKey,
  type Hash,
  type NoteSigner,
  type NoteVerifier,
  parseSigningKey,
  privateKeyFromSeed,
  rawPublicKeyOf,
  signCheckpoint,
} from '../merkle';

/**
 * A well-known key for development and tests, so a log written on one run still verifies on the next.
 * Its seed is public (it is derived from this sentence), so configuration refuses it in production.
 */
export const DEVELOPMENT_SIGNING_SEED = createHash('sha256')
  .update('madoguchi development audit key: never use in production')
  .digest();

/** Signs the log's checkpoints with its Ed25519 key; the key is named after the log's origin. */
export class CheckpointSigner {
  private readonly signer: NoteSigner;

  constructor(
    readonly origin: string,
    private readonly privateKey: KeyObject,
    /** True when the published development key signs: anyone could forge these checkpoints. */
    readonly development = false,
  ) {
    assertKeyName(origin);
    this.signer = ed25519Signer(origin, privateKey);
  }

  /** `AUDIT_SIGNING_KEY` as configured, or the development key when none is. */
  static fromConfiguration(origin: string, signingKey: string | undefined): CheckpointSigner {
    return signingKey
      ? new CheckpointSigner(origin, parseSigningKey(signingKey))
      : new CheckpointSigner(origin, privateKeyFromSeed(DEVELOPMENT_SIGNING_SEED), true);
  }

  sign(treeSize: number, rootHash: Hash): string {
    return signCheckpoint({ origin: this.origin, treeSize, rootHash }, this.signer);
  }

  get verifier(): NoteVerifier {
    return this.signer.verifier;
  }

  /** What to hand an auditor: `<origin>+<key id>+<public key>`. */
  get verifierKey(): string {
    return formatVerifierKey(this.origin, rawPublicKeyOf(this.privateKey));
  }
}
