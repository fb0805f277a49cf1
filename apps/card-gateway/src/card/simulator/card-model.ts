import type { PinKind } from '@madoguchi/domain';
import {
  CARD_INFO_EF,
  CARD_INFO_INPUT_AP,
  JPKI_AP,
  JPKI_TOKEN_EF,
  MY_NUMBER_CARD_TOKEN,
  MY_NUMBER_EF,
  PIN_FILES,
  RESIDENT_REGISTRY_APS,
  type ResidentRegistryAp,
} from '../protocol/card-files';
import { bytesToHex, hexToBytes } from '../protocol/hex';
import { type CardHolder, encodeHolderAttributes, encodeMyNumber } from './card-holder';

/**
 * A My Number card as the model table of card.md describes it, for tests and demos. It is a card, not a client
 * of our protocol layer: it enforces its own rules and answers every command, right or wrong, the way the table
 * says. Only `issuerTerminalMode` goes beyond a card our software can drive: it stands in for the J-LIS terminal.
 */

/** Tries a card gives each PIN when issued (domain.md §1); a card, not our policy, holds them. */
export const ISSUED_PIN_TRIES: Readonly<Record<PinKind, number>> = Object.freeze({
  'user-certificate': 3,
  'signing-certificate': 5,
  'resident-registry': 3,
  'card-info-input': 3,
});

export interface SimulatedPin {
  value: string;
  max: number;
  left: number;
  present: boolean;
}

export interface SimulatedFile {
  bytes: Uint8Array;
  /** The PIN EF (same application) that must be verified before reading. */
  requiresPin?: string;
}

export interface SimulatedCardConfig {
  /** PIN values and tries left; unspecified PINs get the defaults below with full counters. */
  pins?: Partial<Record<PinKind, { value?: string; left?: number }>>;
  /** A card whose holder has no signing certificate (under 15, declined, revoked): its signing PIN is absent. */
  withoutSigningCertificate?: boolean;
  /** [?] How the card answers an empty verify on a blocked PIN. */
  blockedQueryStatusWord?: '63C0' | '6984';
  /** [?] Which resident-registry application this card has; the other one answers 6A82. */
  residentRegistryAp?: ResidentRegistryAp;
  /** Accept RESET RETRY COUNTER, as only the J-LIS terminal can on a real card. Off by default. */
  issuerTerminalMode?: boolean;
  /** Content of JPKI-AP EF 0006 before padding. */
  token?: string;
  holder?: CardHolder;
}

export const DEFAULT_PIN_VALUES: Readonly<Record<PinKind, string>> = Object.freeze({
  'user-certificate': '1234',
  'signing-certificate': 'ABC123',
  'resident-registry': '1234',
  'card-info-input': '1234',
});

export const DEFAULT_HOLDER: CardHolder = Object.freeze({
  name: '窓口 花子',
  address: '神奈川県厚木市中町三丁目1番1号',
  birthDate: '19850401',
  sex: '2',
  myNumber: '123456789012',
});

/** Misbehaviour on demand, each used once, by the first command it matches. */
export type CardFault =
  /** The fault of driver rule 3: a VERIFY carrying a PIN is counted, then the connection is lost unanswered. */
  | { type: 'drop-after-counted-verify' }
  /** Carry out any command with this INS, then lose the connection before answering. */
  | { type: 'drop-connection-after'; ins: number }
  | { type: 'slow-answer'; delayMs: number; ins?: number }
  /** Answer this status word and do nothing else (e.g. `6F00`). */
  | { type: 'status-word'; statusWord: string; ins?: number };

export type CardReply =
  | { kind: 'answer'; response: Uint8Array; delayMs: number }
  /** The transport must fail the command as a lost connection; the card has already acted on it. */
  | { kind: 'connection-dropped' };

interface Application {
  pins: Map<string, SimulatedPin & { format: RegExp }>;
  files: Map<string, SimulatedFile>;
}

const FOUR_DIGITS = /^[0-9]{4}$/;
const SIGNING_FORMAT = /^(?=.*[A-Z])(?=.*[0-9])[A-Z0-9]{6,16}$/;
const ascii = new TextEncoder();

const SW = {
  ok: 0x9000,
  wrongLength: 0x6700,
  securityNotSatisfied: 0x6982,
  blocked: 0x6984,
  noCurrentEf: 0x6986,
  wrongData: 0x6a80,
  notFound: 0x6a82,
  wrongP1P2: 0x6a86,
  dataNotFound: 0x6a88,
  offsetBeyondEf: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

export class SimulatedCard {
  private readonly applications = new Map<string, Application>();
  private readonly blockedQueryStatusWord: number;
  private readonly faults: CardFault[] = [];
  private currentDf: string | undefined;
  private currentEf: string | undefined;
  /** Verified PINs as `<AID>/<PIN EF>`; volatile like on a real card. */
  private readonly verified = new Set<string>();
  private powered = true;
  /** Every command's INS, in order: lets tests count APDUs without keeping their (PIN-carrying) data. */
  readonly instructionsReceived: number[] = [];
  issuerTerminalMode: boolean;

  constructor(config: SimulatedCardConfig = {}) {
    this.blockedQueryStatusWord = config.blockedQueryStatusWord === '6984' ? SW.blocked : 0x63c0;
    this.issuerTerminalMode = config.issuerTerminalMode ?? false;
    const residentAp = config.residentRegistryAp ?? RESIDENT_REGISTRY_APS[0];
    const holder = config.holder ?? DEFAULT_HOLDER;
    const token = (config.token ?? MY_NUMBER_CARD_TOKEN).padEnd(32, ' ');

    const pin = (kind: PinKind) => {
      const wanted = config.pins?.[kind];
      const max = ISSUED_PIN_TRIES[kind];
      return {
        value: wanted?.value ?? DEFAULT_PIN_VALUES[kind],
        max,
        left: wanted?.left ?? max,
        present: !(kind === 'signing-certificate' && config.withoutSigningCertificate),
        format: kind === 'signing-certificate' ? SIGNING_FORMAT : FOUR_DIGITS,
      };
    };
    this.applications.set(JPKI_AP, {
      pins: new Map([
        [PIN_FILES['user-certificate'].ef, pin('user-certificate')],
        [PIN_FILES['signing-certificate'].ef, pin('signing-certificate')],
      ]),
      files: new Map([[JPKI_TOKEN_EF, { bytes: ascii.encode(token) }]]),
    });
    const cardInfoPin = PIN_FILES['card-info-input'].ef;
    this.applications.set(CARD_INFO_INPUT_AP, {
      pins: new Map([[cardInfoPin, pin('card-info-input')]]),
      files: new Map([
        [MY_NUMBER_EF, { bytes: encodeMyNumber(holder.myNumber), requiresPin: cardInfoPin }],
        [CARD_INFO_EF, { bytes: encodeHolderAttributes(holder), requiresPin: cardInfoPin }],
      ]),
    });
    this.applications.set(residentAp, {
      pins: new Map([[PIN_FILES['resident-registry'].ef, pin('resident-registry')]]),
      files: new Map(),
    });
  }

  /** The PIN of `kind` as the card holds it; tests read counters and values here. */
  pin(kind: PinKind): Readonly<SimulatedPin> {
    const found = this.findPin(kind);
    const { value, max, left, present } = found;
    return { value, max, left, present };
  }

  /** Sets a counter directly, as a card prepared for a test scenario would have it. */
  setTriesLeft(kind: PinKind, left: number): void {
    this.findPin(kind).left = left;
  }

  isVerified(kind: PinKind): boolean {
    const ap = this.applicationAidOf(kind);
    return this.verified.has(`${ap}/${PIN_FILES[kind].ef}`);
  }

  get selectedApplication(): string | undefined {
    return this.currentDf;
  }

  get selectedFile(): string | undefined {
    return this.currentEf;
  }

  injectFault(fault: CardFault): void {
    this.faults.push(fault);
  }

  powerOn(): void {
    this.powered = true;
    this.clearVolatileState();
  }

  powerOff(): void {
    this.powered = false;
    this.clearVolatileState();
  }

  /** A warm reset: like power on, it forgets the selection and every verification. */
  reset(): void {
    this.powerOn();
  }

  get isPowered(): boolean {
    return this.powered;
  }

  /** Processes one command APDU, fault injection included. */
  exchange(apdu: Uint8Array): CardReply {
    const ins = apdu[1] ?? -1;
    this.instructionsReceived.push(ins);
    const slow = this.takeFault((fault) => fault.type === 'slow-answer' && (fault.ins ?? ins) === ins);
    const delayMs = slow?.type === 'slow-answer' ? slow.delayMs : 0;
    const forced = this.takeFault((fault) => fault.type === 'status-word' && (fault.ins ?? ins) === ins);
    if (forced?.type === 'status-word') {
      return { kind: 'answer', response: hexToBytes(forced.statusWord), delayMs };
    }
    const response = this.process(apdu);
    const countedVerify = ins === 0x20 && apdu.length > 5;
    const drop = this.takeFault(
      (fault) =>
        (fault.type === 'drop-connection-after' && fault.ins === ins) ||
        (fault.type === 'drop-after-counted-verify' && countedVerify),
    );
    if (drop) {
      // The card acted (a verify counted), then the link died: the reader resets the card when it comes back.
      this.clearVolatileState();
      return { kind: 'connection-dropped' };
    }
    return { kind: 'answer', response, delayMs };
  }

  /** The model table, without faults. */
  process(apdu: Uint8Array): Uint8Array {
    const command = parseCommand(apdu);
    if (!command) return sw(SW.wrongLength);
    if (command.cla !== 0x00) return sw(SW.claNotSupported);
    switch (command.ins) {
      case 0xa4:
        return this.select(command);
      case 0x20:
        return this.verify(command.data);
      case 0x24:
        return this.change(command.p1, command.data);
      case 0x2c:
        return this.resetRetryCounter(command.p1, command.data);
      case 0xb0:
        return this.readBinary(command);
      default:
        return sw(SW.insNotSupported);
    }
  }

  private select(command: Command): Uint8Array {
    const id = bytesToHex(command.data);
    if (command.p1 === 0x04) {
      if (!this.applications.has(id)) return sw(SW.notFound);
      this.currentDf = id;
      this.currentEf = undefined;
      this.verified.clear();
      return sw(SW.ok);
    }
    if (command.p1 === 0x02) {
      const application = this.currentDf === undefined ? undefined : this.applications.get(this.currentDf);
      if (!application || (!application.files.has(id) && !application.pins.has(id))) return sw(SW.notFound);
      this.currentEf = id;
      return sw(SW.ok);
    }
    return sw(SW.wrongP1P2);
  }

  private verify(data: Uint8Array): Uint8Array {
    const pin = this.currentPin();
    if (!pin) return sw(SW.noCurrentEf);
    if (!pin.present) return sw(SW.dataNotFound);
    if (data.length === 0) return pin.left === 0 ? sw(this.blockedQueryStatusWord) : sw(0x63c0 + pin.left);
    if (pin.left === 0) return sw(SW.blocked);
    const key = this.currentPinKey();
    if (asciiEquals(data, pin.value)) {
      pin.left = pin.max;
      this.verified.add(key);
      return sw(SW.ok);
    }
    pin.left -= 1;
    this.verified.delete(key);
    return sw(0x63c0 + pin.left);
  }

  private change(p1: number, data: Uint8Array): Uint8Array {
    const pin = this.currentPin();
    if (!pin) return sw(SW.noCurrentEf);
    if (!pin.present) return sw(SW.dataNotFound);
    if (p1 !== 0x01) return sw(SW.wrongP1P2);
    if (!this.verified.has(this.currentPinKey())) return sw(SW.securityNotSatisfied);
    const value = new TextDecoder().decode(data);
    if (!pin.format.test(value)) return sw(SW.wrongData);
    pin.value = value;
    pin.left = pin.max;
    return sw(SW.ok);
  }

  private resetRetryCounter(p1: number, data: Uint8Array): Uint8Array {
    if (!this.issuerTerminalMode) return sw(SW.securityNotSatisfied);
    const pin = this.currentPin();
    if (!pin) return sw(SW.noCurrentEf);
    if (!pin.present) return sw(SW.dataNotFound);
    if (p1 !== 0x02) return sw(SW.wrongP1P2);
    const value = new TextDecoder().decode(data);
    if (!pin.format.test(value)) return sw(SW.wrongData);
    pin.value = value;
    pin.left = pin.max;
    return sw(SW.ok);
  }

  private readBinary(command: Command): Uint8Array {
    const application = this.currentDf === undefined ? undefined : this.applications.get(this.currentDf);
    const file = this.currentEf === undefined ? undefined : application?.files.get(this.currentEf);
    if (!file) return sw(SW.noCurrentEf);
    if (file.requiresPin !== undefined && !this.verified.has(`${this.currentDf}/${file.requiresPin}`)) {
      return sw(SW.securityNotSatisfied);
    }
    const offset = (command.p1 << 8) | command.p2;
    if (offset >= file.bytes.length) return sw(SW.offsetBeyondEf);
    const wanted = command.le === 0 ? 256 : command.le;
    const chunk = file.bytes.subarray(offset, Math.min(offset + wanted, file.bytes.length));
    const response = new Uint8Array(chunk.length + 2);
    response.set(chunk);
    response.set([0x90, 0x00], chunk.length);
    return response;
  }

  private currentPin(): (SimulatedPin & { format: RegExp }) | undefined {
    if (this.currentDf === undefined || this.currentEf === undefined) return undefined;
    return this.applications.get(this.currentDf)?.pins.get(this.currentEf);
  }

  private currentPinKey(): string {
    return `${this.currentDf}/${this.currentEf}`;
  }

  private applicationAidOf(kind: PinKind): string {
    const fid = PIN_FILES[kind].ef;
    for (const [aid, application] of this.applications) if (application.pins.has(fid)) return aid;
    throw new Error(`no application holds PIN ${kind}`);
  }

  private findPin(kind: PinKind): SimulatedPin & { format: RegExp } {
    const found = this.applications.get(this.applicationAidOf(kind))?.pins.get(PIN_FILES[kind].ef);
    if (!found) throw new Error(`no PIN ${kind}`);
    return found;
  }

  private takeFault(matches: (fault: CardFault) => boolean): CardFault | undefined {
    const index = this.faults.findIndex(matches);
    return index === -1 ? undefined : this.faults.splice(index, 1)[0];
  }

  private clearVolatileState(): void {
    this.currentDf = undefined;
    this.currentEf = undefined;
    this.verified.clear();
  }
}

interface Command {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Expected length; 0 when absent or when 00 (= 256) was sent, told apart by the caller's use. */
  le: number;
}

/** Short APDU cases 1-4; anything else is a wrong length. */
function parseCommand(apdu: Uint8Array): Command | undefined {
  const [cla, ins, p1, p2] = apdu;
  if (cla === undefined || ins === undefined || p1 === undefined || p2 === undefined) return undefined;
  if (apdu.length === 4) return { cla, ins, p1, p2, data: new Uint8Array(0), le: 0 };
  const p3 = apdu[4] ?? 0;
  if (apdu.length === 5) return { cla, ins, p1, p2, data: new Uint8Array(0), le: p3 };
  if (p3 === 0) return undefined;
  if (apdu.length === 5 + p3) return { cla, ins, p1, p2, data: apdu.subarray(5), le: 0 };
  if (apdu.length === 6 + p3)
    return { cla, ins, p1, p2, data: apdu.subarray(5, 5 + p3), le: apdu[5 + p3] ?? 0 };
  return undefined;
}

function sw(word: number): Uint8Array {
  return Uint8Array.of(word >> 8, word & 0xff);
}

/** Compares without building a string from the PIN the terminal sent. */
function asciiEquals(data: Uint8Array, value: string): boolean {
  if (data.length !== value.length) return false;
  let difference = 0;
  for (let i = 0; i < data.length; i += 1) difference |= (data[i] ?? 0) ^ value.charCodeAt(i);
  return difference === 0;
}
