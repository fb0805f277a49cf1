import { PIN_CARRYING_INS } from './apdu';
import { bytesToHex } from './hex';
import { splitResponse } from './status-word';

/**
 * Trace lines for the log. A PIN must never reach a log (domain.md §1), so the data of VERIFY, CHANGE REFERENCE
 * DATA and RESET RETRY COUNTER is replaced by `**`, Lc included, because the length of a signing PIN is part of
 * the secret. Response data (names, addresses, the My Number) is printed only as its length.
 */
export function traceCommand(apdu: Uint8Array): string {
  const ins = apdu[1] ?? 0;
  if (apdu.length <= 5 || !PIN_CARRYING_INS.has(ins)) return bytesToHex(apdu, ' ');
  return `${bytesToHex(apdu.subarray(0, 4), ' ')} ** (PIN masked)`;
}

export function traceResponse(response: Uint8Array): string {
  if (response.length < 2) return `(${response.length} bytes, no status word)`;
  const { data, statusWord } = splitResponse(response);
  return data.length === 0 ? statusWord : `(${data.length} bytes) ${statusWord}`;
}
