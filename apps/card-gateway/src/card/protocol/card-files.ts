import type { PinKind } from '@madoguchi/domain';

/**
 * Where each PIN lives on a My Number card (card.md "Applications and files"). Identifiers are hex strings so a
 * trace line or a test can name them exactly as the specification does.
 */
export const JPKI_AP = 'D392F000260100000001';
export const CARD_INFO_INPUT_AP = 'D3921000310001010408';

/**
 * [?] The sources disagree on the resident-registry application: try the first, and on `6A82` the second.
 * Which one answered is cached per card and logged, so the first real card settles the question.
 */
export const RESIDENT_REGISTRY_APS = ['D3921000310001010100', 'D3921000310001010401'] as const;
export type ResidentRegistryAp = (typeof RESIDENT_REGISTRY_APS)[number];

/** The JPKI token file: tells a My Number card from an old 住基カード whatever ATR a contactless reader makes up. */
export const JPKI_TOKEN_EF = '0006';
export const MY_NUMBER_CARD_TOKEN = 'JPKIAPICCTOKEN2';
export const RESIDENT_REGISTRY_CARD_TOKEN = 'JPKIAPICCTOKEN';

/** Card-info-input application files, both readable only after its PIN is verified. */
export const MY_NUMBER_EF = '0001';
export const CARD_INFO_EF = '0002';

/** The application of a PIN; `resident-registry` depends on the card, see RESIDENT_REGISTRY_APS. */
export type PinApplication = 'jpki' | 'card-info-input' | 'resident-registry';

export const PIN_FILES: Readonly<Record<PinKind, { application: PinApplication; ef: string }>> =
  Object.freeze({
    'user-certificate': { application: 'jpki', ef: '0018' },
    'signing-certificate': { application: 'jpki', ef: '001B' },
    'card-info-input': { application: 'card-info-input', ef: '0011' },
    'resident-registry': { application: 'resident-registry', ef: '001C' },
  });

/** Contact ATR of a My Number card (T=1). Only the vpcd virtual card uses it: identification is by token. */
export const MY_NUMBER_CARD_ATR = '3BE000FF8131FE4514';
