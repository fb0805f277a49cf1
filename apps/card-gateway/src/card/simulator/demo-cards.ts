import { RESIDENT_REGISTRY_APS } from '../protocol/card-files';
import type { SimulatedCardConfig } from './card-model';

/**
 * Named cards for demos and manual runs of the virtual card. Every holder is invented; the My Numbers are test
 * values, not anyone's number.
 */
export const DEMO_CARDS = {
  /** All four PINs known and full: the ordinary change at the counter. */
  'fresh-card': {
    pins: {
      'user-certificate': { value: '2580' },
      'resident-registry': { value: '2580' },
      'card-info-input': { value: '2580' },
      'signing-certificate': { value: 'MADO2024' },
    },
  },
  /** The user-certificate PIN is locked: the resident came for a reset. */
  'locked-user-pin': {
    pins: { 'user-certificate': { value: '1111', left: 0 }, 'card-info-input': { value: '1111' } },
  },
  /** One try left on the card-info-input PIN: the clerk must confirm before anyone types. */
  'last-try': { pins: { 'card-info-input': { value: '7777', left: 1 } } },
  /** A resident under 15: no signing certificate, so no signing PIN. */
  'no-signing-certificate': { withoutSigningCertificate: true },
  /** [?] The other resident-registry application, and 6984 for a blocked-PIN query. */
  'alternate-answers': {
    residentRegistryAp: RESIDENT_REGISTRY_APS[1],
    blockedQueryStatusWord: '6984',
    pins: { 'resident-registry': { value: '4321', left: 0 } },
  },
  /** An old 住基カード: the protocol must tell it is not a My Number card. */
  'resident-registry-card': { token: 'JPKIAPICCTOKEN' },
} satisfies Record<string, SimulatedCardConfig>;

export type DemoCardName = keyof typeof DEMO_CARDS;

export function isDemoCardName(name: string): name is DemoCardName {
  return Object.hasOwn(DEMO_CARDS, name);
}
