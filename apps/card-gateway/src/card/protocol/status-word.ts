import { bytesToHex } from './hex';

/**
 * What a status word means for the command that got it (card.md "Status words"). The same word means different
 * things to different commands (`63 C0` after a wrong PIN is "this attempt locked it", after an empty verify it is
 * "already locked"), so interpretation always names the command. Anything not listed is `unexpected`: the
 * operation stops and reports the word, it never guesses.
 */
export type CardAnswer =
  | { kind: 'ok'; data: Uint8Array }
  /** Answer to an empty verify: the counter, read without using a try. */
  | { kind: 'tries-left'; triesLeft: number }
  /** A wrong PIN was counted; `triesLeft` 0 means this attempt locked the PIN. */
  | { kind: 'wrong'; triesLeft: number }
  /** `statusWord` tells which of the [?] answers the card gave, for the log. */
  | { kind: 'locked'; statusWord: '63C0' | '6983' | '6984' }
  | { kind: 'not-present' }
  | { kind: 'needs-verify' }
  | { kind: 'not-found' }
  | { kind: 'unexpected'; statusWord: string; meaning: string };

export type CardCommand =
  'select' | 'query-tries' | 'verify' | 'change' | 'reset-retry-counter' | 'read-binary';

/** What each status word of the specification means, for reports; not a decision table. */
export const STATUS_WORD_MEANINGS: Readonly<Record<string, string>> = Object.freeze({
  '9000': 'OK',
  '63C0': 'no tries left',
  '6700': 'wrong length',
  '6982': 'security status not satisfied',
  '6983': 'authentication method blocked',
  '6984': 'reference data not usable (PIN blocked)',
  '6986': 'command not allowed (no EF selected)',
  '6A80': 'incorrect data (bad PIN format)',
  '6A82': 'file or application not found',
  '6A86': 'incorrect P1 P2',
  '6A88': 'referenced data not found',
  '6B00': 'offset beyond the EF',
  '6D00': 'instruction not supported',
  '6E00': 'class not supported',
  '6F00': 'no precise diagnosis',
});

export function describeStatusWord(statusWord: string): string {
  if (/^63C[1-9A-F]$/.test(statusWord)) return `${parseInt(statusWord.slice(3), 16)} tries left`;
  return STATUS_WORD_MEANINGS[statusWord] ?? 'not in the specification';
}

/** Splits a response APDU into its data and its status word (4 upper-case hex digits). */
export function splitResponse(response: Uint8Array): { data: Uint8Array; statusWord: string } {
  if (response.length < 2)
    throw new RangeError(`a response APDU has at least 2 bytes, got ${response.length}`);
  return {
    data: response.subarray(0, response.length - 2),
    statusWord: bytesToHex(response.subarray(response.length - 2)),
  };
}

export function interpretAnswer(command: CardCommand, response: Uint8Array): CardAnswer {
  const { data, statusWord } = splitResponse(response);
  const unexpected = (): CardAnswer => ({
    kind: 'unexpected',
    statusWord,
    meaning: describeStatusWord(statusWord),
  });
  const isPinCommand = command === 'query-tries' || command === 'verify' || command === 'change';

  if (statusWord === '9000') {
    // The specification says an empty verify never answers 9000, even right after a correct verify: a card
    // that does is not the card we know, so we stop rather than read "verified" into it.
    return command === 'query-tries' ? unexpected() : { kind: 'ok', data };
  }
  if (statusWord.startsWith('63C')) {
    const triesLeft = parseInt(statusWord.slice(3), 16);
    if (command === 'verify') return { kind: 'wrong', triesLeft };
    if (command === 'query-tries') {
      // [?] a blocked PIN answers an empty verify with 63C0 or 6984: both mean locked.
      return triesLeft === 0 ? { kind: 'locked', statusWord: '63C0' } : { kind: 'tries-left', triesLeft };
    }
    return unexpected();
  }
  switch (statusWord) {
    case '6984':
    case '6983':
      // 6983 (authentication method blocked) is treated exactly as 6984.
      return isPinCommand ? { kind: 'locked', statusWord } : unexpected();
    case '6A88':
      // [?] a card without a signing certificate may answer 6A88 for its signing PIN: absent, never locked.
      return { kind: 'not-present' };
    case '6982':
      return { kind: 'needs-verify' };
    case '6A82':
      return { kind: 'not-found' };
    default:
      // 6986, 6A80, 6B00, 6D00, 6E00, 6F00 and every word the specification does not list.
      return unexpected();
  }
}
