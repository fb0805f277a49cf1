import { generateKeyPairSync } from 'node:crypto';
import { loadAuditConfig } from '../audit.config';
import { formatVerifierKey, rawPublicKeyOf, seedOf } from '../merkle';

/**
 * `npm run audit:keygen [origin]`: a new Ed25519 checkpoint key. The signing key goes to the audit
 * service's secret configuration only; the verifier key is public and goes to the auditors.
 */
export function runKeygenCommand(args: readonly string[]): number {
  const origin = args[0] ?? loadAuditConfig().AUDIT_LOG_ORIGIN;
  const { privateKey } = generateKeyPairSync('ed25519');
  process.stdout.write(
    [
      '# Secret: configuration of the audit service only.',
      `AUDIT_LOG_ORIGIN=${origin}`,
      `AUDIT_SIGNING_KEY=${seedOf(privateKey).toString('base64')}`,
      '# Public: for auditors and for `npm run audit:verify` where the signing key is not at hand.',
      `AUDIT_VERIFIER_KEY=${formatVerifierKey(origin, rawPublicKeyOf(privateKey))}`,
      '',
    ].join('\n'),
  );
  return 0;
}
