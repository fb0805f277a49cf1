import { hexToBytes } from './hex';
import { type CardCommand, describeStatusWord, interpretAnswer, splitResponse } from './status-word';

const answer = (command: CardCommand, hex: string) => interpretAnswer(command, hexToBytes(hex));

describe('status words (card.md "Status words")', () => {
  it('9000: OK with the data, for every command but the tries query', () => {
    expect(answer('read-binary', 'CAFE9000')).toEqual({ kind: 'ok', data: hexToBytes('CAFE') });
    for (const command of ['select', 'verify', 'change', 'reset-retry-counter'] as const) {
      expect(answer(command, '9000')).toEqual({ kind: 'ok', data: new Uint8Array(0) });
    }
  });

  it('9000 to an empty verify is not what these cards do: unexpected, never read as "verified"', () => {
    expect(answer('query-tries', '9000')).toEqual({ kind: 'unexpected', statusWord: '9000', meaning: 'OK' });
  });

  it.each([1, 2, 3, 4, 5, 15])('63C%s to an empty verify: that many tries left', (left) => {
    expect(answer('query-tries', `63C${left.toString(16)}`)).toEqual({ kind: 'tries-left', triesLeft: left });
  });

  it.each([0, 1, 2, 4])(
    '63C%s after a wrong PIN: wrong, that many left (0: this attempt locked it)',
    (left) => {
      expect(answer('verify', `63C${left}`)).toEqual({ kind: 'wrong', triesLeft: left });
    },
  );

  it('[?] a blocked PIN answers an empty verify with 63C0 or 6984: both read as locked', () => {
    expect(answer('query-tries', '63C0')).toEqual({ kind: 'locked', statusWord: '63C0' });
    expect(answer('query-tries', '6984')).toEqual({ kind: 'locked', statusWord: '6984' });
  });

  it.each(['verify', 'change', 'query-tries'] as const)('6984 and 6983 to %s: locked', (command) => {
    expect(answer(command, '6984')).toEqual({ kind: 'locked', statusWord: '6984' });
    expect(answer(command, '6983')).toEqual({ kind: 'locked', statusWord: '6983' });
  });

  it('[?] 6A88: not present, never locked, whatever the command', () => {
    for (const command of ['select', 'query-tries', 'verify', 'change', 'read-binary'] as const) {
      expect(answer(command, '6A88')).toEqual({ kind: 'not-present' });
    }
  });

  it('6982: needs a verify first; 6A82: not found', () => {
    expect(answer('read-binary', '6982')).toEqual({ kind: 'needs-verify' });
    expect(answer('change', '6982')).toEqual({ kind: 'needs-verify' });
    expect(answer('select', '6A82')).toEqual({ kind: 'not-found' });
  });

  it.each([
    ['6986', 'command not allowed (no EF selected)'],
    ['6A80', 'incorrect data (bad PIN format)'],
    ['6B00', 'offset beyond the EF'],
    ['6D00', 'instruction not supported'],
    ['6E00', 'class not supported'],
    ['6F00', 'no precise diagnosis'],
    ['6700', 'wrong length'],
    ['6281', 'not in the specification'],
    ['9001', 'not in the specification'],
  ])('%s: unexpected (%s); the operation stops and reports it', (statusWord, meaning) => {
    expect(answer('read-binary', statusWord)).toEqual({ kind: 'unexpected', statusWord, meaning });
  });

  it('a tries count or a block on a command that has none is unexpected', () => {
    expect(answer('select', '63C2')).toMatchObject({ kind: 'unexpected', statusWord: '63C2' });
    expect(answer('read-binary', '6984')).toMatchObject({ kind: 'unexpected', statusWord: '6984' });
  });

  it('describes 63Cx as tries left', () => {
    expect(describeStatusWord('63C3')).toBe('3 tries left');
  });

  it('a response shorter than a status word is an error, not a guess', () => {
    expect(() => splitResponse(Uint8Array.of(0x90))).toThrow(RangeError);
  });
});
