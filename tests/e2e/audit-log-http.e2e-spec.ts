import { http } from '../support/http';
import { AuditHarness } from '../support/audit-harness';
import { auditedEvent } from '../../apps/audit/test-support/audited-events';
import { CheckpointSigner } from '../../apps/audit/src/checkpoints/checkpoint-signer';
import type { EntryWithProof, ConsistencyProof } from '../../apps/audit/src/proofs/log-proof.service';
import {
  canonicalJsonBytes,
  leafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '../../apps/audit/src/merkle';
import { commitmentOf } from '../../apps/audit/src/log/personal-fields';

const fromBase64 = (text: string): Buffer => Buffer.from(text, 'base64');

describe('audit log over HTTP: what an auditor checks without trusting us', () => {
  let audit: AuditHarness;
  const signer = CheckpointSigner.fromConfiguration('madoguchi.localhost/audit', undefined);

  beforeAll(async () => {
    audit = await AuditHarness.create();
    await audit.start();
  });

  afterAll(() => audit?.destroy());

  const get = (path: string, authorization = audit.bearer('auditor')) =>
    http(audit.app!).get(path).set('Authorization', authorization);

  async function appendEvents(count: number): Promise<number> {
    let last = 0;
    for (let n = 0; n < count; n++) last = await audit.publish(auditedEvent('TicketIssued', { n }));
    await audit.waitForSettled(last);
    return last;
  }

  it('serves an entry with an inclusion proof against the latest signed checkpoint', async () => {
    await appendEvents(13);
    const exception = auditedEvent('IdentityExceptionRecorded', {
      visit: 1,
      procedure: 'pin-reset',
      supervisorId: 'sv-2',
      reason: 'known to the supervisor',
      at: '2026-12-01T01:00:00.000Z',
    });
    await audit.waitForSettled(await audit.publish(exception));
    await audit.waitForCheckpoint(14);

    const response = await get('/log/entries/13').expect(200);
    const body = response.body as EntryWithProof;
    expect(body.entry.event.eventId).toBe(exception.eventId);
    // The auditor hashes the entry itself, checks the personal field against its commitment …
    const leaf = leafHash(canonicalJsonBytes(body.entry));
    expect(leaf.toString('base64')).toBe(body.leafHash);
    const [field] = body.personalFields;
    expect(commitmentOf(fromBase64(field!.salt), field!.value)).toBe(body.entry.personal?.['data.reason']);
    // … and the path up to a root signed with the log's key.
    const checkpoint = openCheckpoint(body.inclusion!.checkpoint.checkpoint, signer.verifier, signer.origin);
    expect(checkpoint.treeSize).toBe(body.inclusion!.treeSize);
    expect(
      verifyInclusion(
        13,
        checkpoint.treeSize,
        leaf,
        body.inclusion!.proof.map(fromBase64),
        checkpoint.rootHash,
      ),
    ).toBe(true);
  });

  it('proves that a later checkpoint extends an earlier one', async () => {
    const earlier = (await get('/log/checkpoints/latest').expect(200)).body as {
      checkpoint: string;
      verifierKey: string;
    };
    const verifier = parseVerifierKey(earlier.verifierKey);
    const before = openCheckpoint(earlier.checkpoint, verifier, signer.origin);
    await appendEvents(9);
    await audit.waitForCheckpoint(before.treeSize + 9);
    const later = openCheckpoint(
      ((await get('/log/checkpoints/latest').expect(200)).body as { checkpoint: string }).checkpoint,
      verifier,
      signer.origin,
    );

    const response = await get(`/log/consistency?from=${before.treeSize}&to=${later.treeSize}`).expect(200);
    const { proof } = response.body as ConsistencyProof;
    expect(
      verifyConsistency(
        before.treeSize,
        later.treeSize,
        proof.map(fromBase64),
        before.rootHash,
        later.rootHash,
      ),
    ).toBe(true);
  });

  it.each([
    ['/log/entries/abc', 'sequence: must be a whole number'],
    ['/log/entries/-1', 'sequence: must be a whole number'],
    ['/log/entries/99999999999999999', 'sequence: must be a whole number'],
    ['/log/consistency?from=5&to=2', 'from: must not exceed to'],
    ['/log/consistency?from=x&to=2', 'from: must be a whole number'],
    ['/log/consistency?from=1', 'to: '],
    ['/log/consistency?from=1&to=2&at=3', 'Unrecognized key'],
    ['/log/consistency?from=1&to=100000', 'to: must be at most'],
  ])('answers %s with a 400 naming the field', async (path, message) => {
    const response = await get(path).expect(400);
    expect((response.body as { message: string }).message).toContain(message);
  });

  it('answers 404 for an entry that is not there', async () => {
    const response = await get('/log/entries/100000').expect(404);
    expect((response.body as { message: string }).message).toBe('the log has no entry 100000');
  });

  it('is for auditors only', async () => {
    await http(audit.app!).get('/log/checkpoints/latest').expect(401);
    await get('/log/checkpoints/latest', audit.bearer('clerk')).expect(403);
    await get('/log/checkpoints/latest', audit.bearer('supervisor')).expect(403);
  });
});
