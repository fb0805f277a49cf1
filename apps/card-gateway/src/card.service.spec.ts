import type { Actor, CardGatewayEvent } from '@madoguchi/domain';
import type { LoggerService } from '@nestjs/common';
import { SimulatedCard, type SimulatedCardConfig } from './card/simulator/card-model';
import { SimulatorTransport } from './card/transport/simulator-transport';
import type { CardFactsRepository } from './card-facts.repository';
import { CardService } from './card.service';

/** Facts as the service hands them to the repository, kept in memory. */
class RecordedFacts {
  readonly appends: Array<{ readerId: string; facts: CardGatewayEvent[]; actor: Actor }> = [];
  record(readerId: string, facts: readonly CardGatewayEvent[], actor: Actor): Promise<void> {
    if (facts.length > 0) this.appends.push({ readerId, facts: [...facts], actor });
    return Promise.resolve();
  }
  get all(): CardGatewayEvent[] {
    return this.appends.flatMap((append) => append.facts);
  }
  types(): string[] {
    return this.all.map((fact) => fact.type);
  }
  clear(): void {
    this.appends.length = 0;
  }
}

const silent: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };
const PINS = {
  user: '8531',
  resident: '6047',
  info: '7392',
  signing: 'KAWA2957',
  wrong: '9118',
  next: '4826',
};
const FOUR = ['user-certificate', 'resident-registry', 'card-info-input'] as const;

async function started(config: SimulatedCardConfig = {}) {
  const card = new SimulatedCard({
    ...config,
    pins: {
      'user-certificate': { value: PINS.user },
      'resident-registry': { value: PINS.resident },
      'card-info-input': { value: PINS.info },
      'signing-certificate': { value: PINS.signing },
      ...config.pins,
    },
  });
  const transport = new SimulatorTransport('Simulated reader 00', card);
  const facts = new RecordedFacts();
  const service = new CardService({
    readerId: 'r1',
    driver: 'simulator',
    transport,
    facts: facts as unknown as CardFactsRepository,
    myNumberHashKey: new Uint8Array(32).fill(9),
    logger: silent,
  });
  await service.start();
  return { card, transport, facts, service };
}

describe('CardService', () => {
  it('records the reader and the card it finds at start, then each presence change in order', async () => {
    const { transport, facts, service } = await started();
    expect(facts.all).toEqual([
      { type: 'ReaderAttached', data: { readerId: 'r1', readerName: 'Simulated reader 00' } },
      { type: 'CardInserted', data: { readerId: 'r1', token: 'my-number-card' } },
    ]);
    expect(facts.appends[0]?.actor).toEqual({ kind: 'system', id: 'card-gateway:r1' });
    facts.clear();
    transport.insert(new SimulatedCard({ token: 'JPKIAPICCTOKEN' }));
    await service.presenceSettled();
    transport.detachReader();
    await service.stop();
    expect(facts.all).toEqual([
      { type: 'CardRemoved', data: { readerId: 'r1' } },
      { type: 'CardInserted', data: { readerId: 'r1', token: 'resident-registry-card' } },
      { type: 'CardRemoved', data: { readerId: 'r1' } },
      { type: 'ReaderDetached', data: { readerId: 'r1' } },
    ]);
  });

  it('a status poll leaves no fact; a status for a case records the counters', async () => {
    const { facts, service } = await started();
    facts.clear();
    await expect(service.status({})).resolves.toMatchObject({ ok: true, cardPresent: true });
    expect(facts.all).toEqual([]);
    await service.status({ caseId: 'c1' });
    expect(facts.all).toEqual([
      {
        type: 'PinTriesRead',
        data: {
          readerId: 'r1',
          caseId: 'c1',
          triesLeft: {
            'user-certificate': 3,
            'signing-certificate': 5,
            'resident-registry': 3,
            'card-info-input': 3,
          },
        },
      },
    ]);
  });

  it('with the reader detached, status says so and a verify answers no-reader without a fact', async () => {
    const { transport, facts, service } = await started();
    transport.detachReader();
    await service.presenceSettled();
    facts.clear();
    await expect(service.status({})).resolves.toMatchObject({
      ok: true,
      readerAttached: false,
      cardPresent: false,
    });
    await expect(service.verify({ kind: 'user-certificate', pin: PINS.user })).resolves.toMatchObject({
      ok: false,
      error: { code: 'no-reader' },
    });
    expect(facts.all).toEqual([]);
  });

  it('three wrong PINs (the last confirmed) give three failures and the lock as facts', async () => {
    const { facts, service } = await started();
    facts.clear();
    const wrong = { kind: 'user-certificate' as const, pin: PINS.wrong, caseId: 'c2' };
    await service.verify(wrong);
    await service.verify(wrong);
    await expect(service.verify(wrong)).resolves.toMatchObject({
      error: { code: 'last-try-needs-confirmation' },
    });
    await service.verify({ ...wrong, confirmedLastTry: true });
    expect(facts.all).toEqual([
      {
        type: 'PinVerificationFailed',
        data: { readerId: 'r1', caseId: 'c2', kind: 'user-certificate', triesLeft: 2 },
      },
      {
        type: 'PinVerificationFailed',
        data: { readerId: 'r1', caseId: 'c2', kind: 'user-certificate', triesLeft: 1 },
      },
      {
        type: 'PinVerificationFailed',
        data: { readerId: 'r1', caseId: 'c2', kind: 'user-certificate', triesLeft: 0 },
      },
      { type: 'PinLocked', data: { readerId: 'r1', caseId: 'c2', kind: 'user-certificate' } },
    ]);
  });

  it('a partial batch change records each changed PIN and the failure, and reports exactly', async () => {
    const { card, facts, service } = await started();
    facts.clear();
    const reply = await service.change({
      kind: 'all-four-digit',
      oldPins: {
        'user-certificate': PINS.user,
        'resident-registry': PINS.resident,
        'card-info-input': PINS.wrong,
      },
      newPin: PINS.next,
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'wrong-pin', kind: 'card-info-input', triesLeft: 2 },
      changed: ['user-certificate', 'resident-registry'],
      failed: 'card-info-input',
      notAttempted: [],
    });
    expect(facts.types()).toEqual(['PinChanged', 'PinChanged', 'PinVerificationFailed']);
    expect(card.pin('resident-registry').value).toBe(PINS.next);
  });

  it('a batch whose change answer is lost: outcome-unknown for that PIN, the rest untried, counters re-read', async () => {
    const { card, facts, service } = await started();
    card.injectFault({ type: 'drop-connection-after', ins: 0x24 });
    facts.clear();
    const reply = await service.change({ kind: 'all-four-digit', oldPin: PINS.user, newPin: PINS.next });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'outcome-unknown', kind: 'user-certificate', step: 'change', triesLeft: 3 },
      changed: [],
      failed: 'user-certificate',
      notAttempted: ['resident-registry', 'card-info-input'],
    });
    expect(facts.types()).toEqual(['CardOperationAborted', 'PinTriesRead']);
    // The card did change it: the reply said "unknown", never "not changed".
    expect(card.pin('user-certificate').value).toBe(PINS.next);
  });

  it('a batch refused for a malformed PIN names the field and leaves the card and the facts untouched', async () => {
    const { card, facts, service } = await started();
    facts.clear();
    const before = card.instructionsReceived.length;
    const reply = await service.change({
      kind: 'all-four-digit',
      oldPins: { 'user-certificate': PINS.user, 'resident-registry': PINS.resident, 'card-info-input': '73' },
      newPin: PINS.next,
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'malformed-pin', field: 'oldPins.card-info-input', reason: 'length' },
      changed: [],
      failed: 'card-info-input',
      notAttempted: ['user-certificate', 'resident-registry'],
    });
    expect(card.instructionsReceived.length).toBe(before);
    expect(facts.all).toEqual([]);
  });

  it('reset-recorded on a card without a signing certificate: the absent PIN needs no reset', async () => {
    const { facts, service } = await started({ withoutSigningCertificate: true });
    facts.clear();
    const reply = await service.resetRecorded({
      kinds: ['user-certificate', 'signing-certificate'],
      clerkId: 'clerk-1',
    });
    expect(reply).toMatchObject({
      ok: true,
      countersFull: true,
      absent: ['signing-certificate'],
      notFull: [],
    });
    expect(facts.all.map((fact) => [fact.type, 'kinds' in fact.data ? fact.data.kinds : undefined])).toEqual([
      ['PinResetRecorded', ['user-certificate', 'signing-certificate']],
      ['PinTriesRead', undefined],
      ['PinResetConfirmed', ['user-certificate']],
    ]);
    expect(facts.appends.at(-1)?.actor).toEqual({ kind: 'clerk', id: 'clerk-1' });
  });

  it('read-info gives the holder data, a masked My Number and its keyed hash; the facts name only the PIN', async () => {
    const { facts, service } = await started();
    facts.clear();
    const reply = await service.readInfo({ pin: PINS.info, caseId: 'c3' });
    expect(reply).toMatchObject({ ok: true, sex: 'female', maskedMyNumber: '**** **** ****' });
    expect(facts.all).toEqual([
      { type: 'PinVerified', data: { readerId: 'r1', caseId: 'c3', kind: 'card-info-input' } },
    ]);
  });

  it('no fact ever holds a PIN or the My Number', async () => {
    const { facts, service } = await started();
    await service.verify({ kind: 'signing-certificate', pin: PINS.signing });
    await service.verify({ kind: 'user-certificate', pin: PINS.wrong });
    await service.change({ kind: 'card-info-input', oldPin: PINS.info, newPin: PINS.next });
    await service.readInfo({ pin: PINS.next });
    const text = JSON.stringify(facts.appends);
    for (const secret of [...Object.values(PINS), '123456789012']) expect(text).not.toContain(secret);
    expect(facts.types()).toContain('PinChanged');
  });

  it('a card pulled out as soon as it went in is still recorded, as a card of unknown kind', async () => {
    const { transport, facts, service } = await started();
    facts.clear();
    transport.insert(new SimulatedCard());
    transport.remove();
    await service.presenceSettled();
    expect(facts.all).toEqual([
      { type: 'CardRemoved', data: { readerId: 'r1' } },
      { type: 'CardInserted', data: { readerId: 'r1', token: 'unknown' } },
      { type: 'CardRemoved', data: { readerId: 'r1' } },
    ]);
  });

  it('lists itself as a reader with its driver and presence', async () => {
    const { service } = await started();
    expect(service.summary()).toEqual({
      readerId: 'r1',
      readerName: 'Simulated reader 00',
      driver: 'simulator',
      readerAttached: true,
      cardPresent: true,
    });
  });

  it.each(FOUR)('a correct %s PIN is verified with its counter full again', async (kind) => {
    const { service } = await started({ pins: { [kind]: { value: '1357', left: 2 } } });
    await expect(service.verify({ kind, pin: '1357' })).resolves.toEqual({ ok: true, kind, triesLeft: 3 });
  });
});
