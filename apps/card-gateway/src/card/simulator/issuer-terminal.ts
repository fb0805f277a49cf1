import type { PinKind } from '@madoguchi/domain';
import { resetRetryCounter, selectApplication, selectFile } from '../protocol/apdu';
import { CARD_INFO_INPUT_AP, JPKI_AP, PIN_FILES, RESIDENT_REGISTRY_APS } from '../protocol/card-files';
import { bytesToHex } from '../protocol/hex';
import type { SimulatedCard } from './card-model';

/**
 * What the J-LIS terminal at the counter does when the clerk resets a PIN: RESET RETRY COUNTER with the new PIN,
 * on its own reader. No software of ours can do this to a real card; tests use it, on a card in issuer-terminal
 * mode, to stage the state the gateway then confirms. Returns the card's status word.
 */
export function resetOnIssuerTerminal(card: SimulatedCard, kind: PinKind, newPin: string): string {
  const send = (apdu: Uint8Array) => bytesToHex(card.process(apdu)).slice(-4);
  const application = PIN_FILES[kind].application;
  const candidates =
    application === 'jpki'
      ? [JPKI_AP]
      : application === 'card-info-input'
        ? [CARD_INFO_INPUT_AP]
        : RESIDENT_REGISTRY_APS;
  const selected = candidates.some((aid) => send(selectApplication(aid)) === '9000');
  let answer = '6A82';
  if (selected) {
    send(selectFile(PIN_FILES[kind].ef));
    answer = send(resetRetryCounter(new TextEncoder().encode(newPin)));
  }
  // The terminal hands the card back powered down: nothing it selected or verified carries over.
  card.reset();
  return answer;
}
