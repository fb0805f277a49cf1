import { Logger, type LoggerService } from '@nestjs/common';
import {
  checkPin,
  FOUR_DIGIT_PIN_KINDS,
  PIN_KINDS,
  PIN_RETRY_LIMITS,
  type PinKind,
  type TriesLeft,
} from '@madoguchi/domain';
import type { CardTransport } from '../transport/card-transport';
import { type CardTransportError, isCardTransportError } from '../transport/card-transport-error';
import { changePin, queryTriesLeft, readBinary, selectApplication, selectFile, verifyPin } from './apdu';
import { aborted } from './aborted';
import {
  CARD_INFO_EF,
  CARD_INFO_INPUT_AP,
  JPKI_AP,
  JPKI_TOKEN_EF,
  MY_NUMBER_CARD_TOKEN,
  MY_NUMBER_EF,
  PIN_FILES,
  RESIDENT_REGISTRY_APS,
  RESIDENT_REGISTRY_CARD_TOKEN,
  type ResidentRegistryAp,
} from './card-files';
import { CardChannel } from './card-channel';
import {
  type CardHolderInfo,
  decodeHolderAttributes,
  decodeMyNumber,
  hashMyNumber,
  MASKED_MY_NUMBER,
  MIN_MY_NUMBER_KEY_BYTES,
} from './card-info';
import type {
  Aborted,
  CardIdentity,
  CardUnavailable,
  ChangeOutcome,
  CounterConfirmation,
  FourDigitChangeReport,
  PinRefused,
  TriesLeftReading,
  VerifyOutcome,
} from './pin-outcomes';
import type { CardAnswer } from './status-word';
import { readTlvFile } from './read-tlv-file';

export interface PinOperationOptions {
  /** The clerk confirmed going on although only one try is left (driver rule 2). */
  confirmedLastTry?: boolean;
}

export type CardInfoReading =
  | { outcome: 'read'; info: CardHolderInfo }
  /** The files were read but do not have the expected layout; nothing of their content is reported. */
  | { outcome: 'unreadable'; file: string; message: string }
  | Exclude<VerifyOutcome, { outcome: 'verified' }>;

/** Where a PIN stands before anyone types it. */
type PinState = { state: 'usable'; triesLeft: number } | { state: 'locked' } | { state: 'absent' } | Aborted;

const ascii = new TextEncoder();

/**
 * The My Number card protocol on one reader, and the driver rules of card.md:
 * 1. a PIN's format is checked before anything is sent;
 * 2. the tries left are read before every verify, and a last try needs the clerk's confirmation;
 * 3. a verify or change whose connection failed is reported `outcome-unknown`, never retried;
 * 4. every operation is one exclusive session (select → verify → change on one connection);
 * 6. PIN bytes are masked in traces (CardChannel) and zeroed after use.
 * JavaScript strings cannot be wiped, so PINs become bytes as late as possible and those bytes are zeroed.
 */
export class MyNumberCard {
  private readonly logger: LoggerService;
  /** [?] Which resident-registry AID this card answers; it belongs to the card, so a card change forgets it. */
  private residentRegistryAp: ResidentRegistryAp | undefined;
  private readonly stopWatching: () => void;

  constructor(
    private readonly transport: CardTransport,
    options: { logger?: LoggerService } = {},
  ) {
    this.logger = options.logger ?? new Logger(MyNumberCard.name);
    this.stopWatching = transport.onPresence((event) => {
      if (
        event.type === 'card-inserted' ||
        event.type === 'card-removed' ||
        event.type === 'reader-detached'
      ) {
        this.residentRegistryAp = undefined;
      }
    });
  }

  dispose(): void {
    this.stopWatching();
  }

  /** Tells a My Number card from an old 住基カード or anything else, by the JPKI token (not the ATR). */
  identify(): Promise<CardIdentity> {
    return this.inSession(async (channel): Promise<CardIdentity> => {
      const application = await channel.send('select', selectApplication(JPKI_AP));
      if (application.kind === 'not-found') return { outcome: 'identified', token: 'unknown' };
      if (application.kind !== 'ok') return aborted('select JPKI-AP', application);
      const file = await channel.send('select', selectFile(JPKI_TOKEN_EF));
      if (file.kind !== 'ok') return aborted('select JPKI token EF', file);
      const read = await channel.send('read-binary', readBinary(0, 32));
      if (read.kind !== 'ok') return aborted('read JPKI token', read);
      const token = new TextDecoder('ascii').decode(read.data).replace(/[\s\0]+$/, '');
      const known =
        token === MY_NUMBER_CARD_TOKEN
          ? 'my-number-card'
          : token === RESIDENT_REGISTRY_CARD_TOKEN
            ? 'resident-registry-card'
            : 'unknown';
      return { outcome: 'identified', token: known };
    });
  }

  /** The tries left of all four PINs; an empty verify uses no try. `null`: the card has no such PIN. */
  readTriesLeft(): Promise<TriesLeftReading> {
    return this.inSession(async (channel): Promise<TriesLeftReading> => {
      const triesLeft: Partial<TriesLeft> = {};
      for (const kind of PIN_KINDS) {
        const state = await this.readPinState(channel, kind);
        if ('outcome' in state) return state;
        triesLeft[kind] = state.state === 'usable' ? state.triesLeft : state.state === 'locked' ? 0 : null;
      }
      return { outcome: 'read', triesLeft: triesLeft as TriesLeft };
    });
  }

  async verify(kind: PinKind, pin: string, options: PinOperationOptions = {}): Promise<VerifyOutcome> {
    const checked = checkPin(kind, pin);
    if (!checked.ok) return { outcome: 'malformed-pin', kind, which: 'pin', reason: checked.reason };
    const pinBytes = ascii.encode(checked.pin);
    try {
      return await this.inSession((channel) =>
        this.verifyOn(channel, kind, pinBytes, options.confirmedLastTry ?? false),
      );
    } finally {
      pinBytes.fill(0);
    }
  }

  /** Verify the old PIN, then set the new one, in one session: the card accepts a change only right after. */
  async changePin(
    kind: PinKind,
    oldPin: string,
    newPin: string,
    options: PinOperationOptions = {},
  ): Promise<ChangeOutcome> {
    const checkedOld = checkPin(kind, oldPin);
    if (!checkedOld.ok)
      return { outcome: 'malformed-pin', kind, which: 'old-pin', reason: checkedOld.reason };
    const checkedNew = checkPin(kind, newPin);
    if (!checkedNew.ok)
      return { outcome: 'malformed-pin', kind, which: 'new-pin', reason: checkedNew.reason };
    const oldBytes = ascii.encode(checkedOld.pin);
    const newBytes = ascii.encode(checkedNew.pin);
    try {
      return await this.inSession((channel) =>
        this.changeOn(channel, kind, oldBytes, newBytes, options.confirmedLastTry ?? false),
      );
    } finally {
      oldBytes.fill(0);
      newBytes.fill(0);
    }
  }

  /**
   * Sets the three 4-digit PINs to one new value: three verify + change sequences (driver rule 5). All formats
   * and all counters are checked first, so a batch that cannot finish stops before changing anything; once
   * under way it stops at the first failure, to spend no more tries, and reports exactly what changed.
   */
  async changeFourDigitPins(
    oldPins: string | Readonly<Partial<Record<PinKind, string>>>,
    newPin: string,
    options: { confirmedLastTry?: readonly PinKind[] } = {},
  ): Promise<FourDigitChangeReport> {
    const kinds = FOUR_DIGIT_PIN_KINDS;
    const stopAt = (
      index: number,
      result: Exclude<ChangeOutcome, { outcome: 'changed' }>,
      changed: PinKind[] = [],
    ): FourDigitChangeReport => ({
      changed,
      failed: { kind: kinds[index] as PinKind, result },
      notAttempted: kinds.slice(index + 1),
    });

    const buffers: Array<{ kind: PinKind; old: Uint8Array; new: Uint8Array }> = [];
    try {
      for (const [index, kind] of kinds.entries()) {
        const oldPin = typeof oldPins === 'string' ? oldPins : (oldPins[kind] ?? '');
        const checkedOld = checkPin(kind, oldPin);
        if (!checkedOld.ok) {
          return stopAt(index, {
            outcome: 'malformed-pin',
            kind,
            which: 'old-pin',
            reason: checkedOld.reason,
          });
        }
        const checkedNew = checkPin(kind, newPin);
        if (!checkedNew.ok) {
          return stopAt(index, {
            outcome: 'malformed-pin',
            kind,
            which: 'new-pin',
            reason: checkedNew.reason,
          });
        }
        buffers.push({ kind, old: ascii.encode(checkedOld.pin), new: ascii.encode(checkedNew.pin) });
      }

      const report = await this.inSession(async (channel): Promise<FourDigitChangeReport> => {
        const confirmed = (kind: PinKind) => options.confirmedLastTry?.includes(kind) ?? false;
        for (const [index, kind] of kinds.entries()) {
          const refusal = await this.attempt(async () =>
            this.refusalBeforeVerify(channel, kind, confirmed(kind)),
          );
          if (refusal) return stopAt(index, refusal);
        }
        const changed: PinKind[] = [];
        for (const [index, { kind, old, new: next }] of buffers.entries()) {
          const result = await this.attempt(() => this.changeOn(channel, kind, old, next, confirmed(kind)));
          if (result.outcome !== 'changed') return stopAt(index, result, changed);
          changed.push(kind);
        }
        return { changed, notAttempted: [] };
      });
      return 'outcome' in report ? stopAt(0, report) : report;
    } finally {
      for (const buffer of buffers) {
        buffer.old.fill(0);
        buffer.new.fill(0);
      }
    }
  }

  /**
   * Name, address, birth date and sex after verifying the card-info-input PIN. The My Number is read to be
   * hashed with `myNumberHashKey` (HMAC-SHA256) and is returned only masked.
   */
  async readCardInfo(
    pin: string,
    options: PinOperationOptions & { myNumberHashKey: Uint8Array },
  ): Promise<CardInfoReading> {
    if (options.myNumberHashKey.length < MIN_MY_NUMBER_KEY_BYTES) {
      throw new RangeError(`the My Number hash key must have at least ${MIN_MY_NUMBER_KEY_BYTES} bytes`);
    }
    const kind: PinKind = 'card-info-input';
    const checked = checkPin(kind, pin);
    if (!checked.ok) return { outcome: 'malformed-pin', kind, which: 'pin', reason: checked.reason };
    const pinBytes = ascii.encode(checked.pin);
    try {
      return await this.inSession(async (channel): Promise<CardInfoReading> => {
        const verified = await this.verifyOn(channel, kind, pinBytes, options.confirmedLastTry ?? false);
        if (verified.outcome !== 'verified') return verified;
        const attributes = await readTlvFile(channel, CARD_INFO_EF);
        if (!(attributes instanceof Uint8Array)) return attributes;
        const myNumberFile = await readTlvFile(channel, MY_NUMBER_EF);
        if (!(myNumberFile instanceof Uint8Array)) {
          attributes.fill(0);
          return myNumberFile;
        }
        try {
          let holder: ReturnType<typeof decodeHolderAttributes>;
          try {
            holder = decodeHolderAttributes(attributes);
          } catch (error) {
            return { outcome: 'unreadable', file: CARD_INFO_EF, message: messageOf(error) };
          }
          let digits: Uint8Array;
          try {
            digits = decodeMyNumber(myNumberFile);
          } catch (error) {
            return { outcome: 'unreadable', file: MY_NUMBER_EF, message: messageOf(error) };
          }
          const myNumberHash = hashMyNumber(digits, options.myNumberHashKey);
          return { outcome: 'read', info: { ...holder, maskedMyNumber: MASKED_MY_NUMBER, myNumberHash } };
        } finally {
          attributes.fill(0);
          myNumberFile.fill(0);
        }
      });
    } finally {
      pinBytes.fill(0);
    }
  }

  /**
   * After the clerk reset PINs on the J-LIS terminal (no software of ours can): reads the counters and checks
   * that each present PIN among `kinds` is at its maximum again.
   */
  async confirmCountersFull(kinds: readonly PinKind[] = PIN_KINDS): Promise<CounterConfirmation> {
    const reading = await this.readTriesLeft();
    if (reading.outcome !== 'read') return reading;
    const { triesLeft } = reading;
    const absent = kinds.filter((kind) => triesLeft[kind] === null);
    const notFull = kinds.filter(
      (kind) => triesLeft[kind] !== null && triesLeft[kind] !== PIN_RETRY_LIMITS[kind],
    );
    return notFull.length === 0
      ? { outcome: 'full', triesLeft, absent }
      : { outcome: 'not-full', triesLeft, notFull, absent };
  }

  private async inSession<T>(work: (channel: CardChannel) => Promise<T>): Promise<T | CardUnavailable> {
    return this.attempt(() =>
      this.transport.withExclusiveSession((session) => work(new CardChannel(session, this.logger))),
    );
  }

  /** A transport failure outside a verify or change: nothing that counts a try was under way. */
  private async attempt<T>(work: () => Promise<T>): Promise<T | CardUnavailable> {
    try {
      return await work();
    } catch (error) {
      if (!isCardTransportError(error)) throw error;
      return unavailable(error);
    }
  }

  private async verifyOn(
    channel: CardChannel,
    kind: PinKind,
    pin: Uint8Array,
    confirmedLastTry: boolean,
  ): Promise<VerifyOutcome> {
    const refusal = await this.refusalBeforeVerify(channel, kind, confirmedLastTry);
    if (refusal) return refusal;
    let answer: CardAnswer;
    try {
      answer = await channel.send('verify', verifyPin(pin));
    } catch (error) {
      if (!isCardTransportError(error)) throw error;
      this.logger.warn(
        `verify of ${kind}: connection failed, the try may have been counted (${error.failure})`,
      );
      return { outcome: 'outcome-unknown', kind, step: 'verify', message: error.message };
    }
    switch (answer.kind) {
      case 'ok':
        return { outcome: 'verified', kind };
      case 'wrong':
        if (answer.triesLeft === 0) this.logger.log(`${kind}: this wrong PIN locked it`);
        return { outcome: 'wrong-pin', kind, triesLeft: answer.triesLeft };
      case 'locked':
        return { outcome: 'locked', kind };
      case 'not-present':
        this.logger.log(`${kind}: the card answered 6A88 to a verify (PIN not present)`);
        return { outcome: 'not-present', kind };
      case 'tries-left':
      case 'needs-verify':
      case 'not-found':
      case 'unexpected':
        return aborted(`verify ${kind}`, answer);
    }
  }

  /** Selects the PIN and reads its counter; says why a verify must not be sent, or nothing when it may. */
  private async refusalBeforeVerify(
    channel: CardChannel,
    kind: PinKind,
    confirmedLastTry: boolean,
  ): Promise<Exclude<VerifyOutcome, { outcome: 'verified' | 'wrong-pin' }> | undefined> {
    const state = await this.readPinState(channel, kind);
    if ('outcome' in state) return state;
    if (state.state === 'locked') return { outcome: 'locked', kind };
    if (state.state === 'absent') return { outcome: 'not-present', kind };
    if (state.triesLeft === 1 && !confirmedLastTry) {
      return { outcome: 'last-try-needs-confirmation', kind, triesLeft: 1 } satisfies PinRefused;
    }
    return undefined;
  }

  private async changeOn(
    channel: CardChannel,
    kind: PinKind,
    oldPin: Uint8Array,
    newPin: Uint8Array,
    confirmedLastTry: boolean,
  ): Promise<ChangeOutcome> {
    const verified = await this.verifyOn(channel, kind, oldPin, confirmedLastTry);
    if (verified.outcome !== 'verified') return verified;
    let answer: CardAnswer;
    try {
      answer = await channel.send('change', changePin(newPin));
    } catch (error) {
      if (!isCardTransportError(error)) throw error;
      this.logger.warn(`change of ${kind}: connection failed, the PIN may have changed (${error.failure})`);
      return { outcome: 'outcome-unknown', kind, step: 'change', message: error.message };
    }
    return answer.kind === 'ok' ? { outcome: 'changed', kind } : aborted(`change ${kind}`, answer);
  }

  private async readPinState(channel: CardChannel, kind: PinKind): Promise<PinState> {
    const application = await this.selectApplicationOf(channel, kind);
    if (application.kind === 'not-present') return this.absent(kind, 'selecting its application');
    if (application.kind !== 'ok') return aborted(`select application of ${kind}`, application);
    const file = await channel.send('select', selectFile(PIN_FILES[kind].ef));
    if (file.kind === 'not-present') return this.absent(kind, 'selecting its EF');
    if (file.kind !== 'ok') return aborted(`select PIN EF of ${kind}`, file);
    const tries = await channel.send('query-tries', queryTriesLeft());
    switch (tries.kind) {
      case 'tries-left':
        return { state: 'usable', triesLeft: tries.triesLeft };
      case 'locked':
        // [?] Record which answer the card gave for a blocked PIN (63C0 or 6984/6983).
        this.logger.log(`${kind} is locked: the card answered the tries query with ${tries.statusWord}`);
        return { state: 'locked' };
      case 'not-present':
        return this.absent(kind, 'querying its tries');
      case 'ok':
      case 'wrong':
      case 'needs-verify':
      case 'not-found':
      case 'unexpected':
        return aborted(`read tries of ${kind}`, tries);
    }
  }

  private absent(kind: PinKind, when: string): PinState {
    // [?] 6A88 means "no such PIN on this card" (no signing certificate), never "locked".
    this.logger.log(`${kind} is not present: the card answered 6A88 when ${when}`);
    return { state: 'absent' };
  }

  /** Selects the application of `kind`; for resident-registry, tries the AIDs in order and remembers the one. */
  private async selectApplicationOf(channel: CardChannel, kind: PinKind): Promise<CardAnswer> {
    const application = PIN_FILES[kind].application;
    if (application === 'jpki') return channel.send('select', selectApplication(JPKI_AP));
    if (application === 'card-info-input')
      return channel.send('select', selectApplication(CARD_INFO_INPUT_AP));
    const candidates = this.residentRegistryAp ? [this.residentRegistryAp] : RESIDENT_REGISTRY_APS;
    let answer: CardAnswer = { kind: 'not-found' };
    for (const aid of candidates) {
      answer = await channel.send('select', selectApplication(aid));
      if (answer.kind === 'ok') {
        if (this.residentRegistryAp !== aid) {
          this.logger.log(`resident-registry application found at ${aid}`);
          this.residentRegistryAp = aid;
        }
        return answer;
      }
      if (answer.kind !== 'not-found') return answer;
    }
    return answer;
  }
}

function unavailable(error: CardTransportError): CardUnavailable {
  return { outcome: 'card-unavailable', failure: error.failure, message: error.message };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
