import type { Aborted } from './pin-outcomes';
import type { CardAnswer } from './status-word';

/** Names the status word behind an answer, for a report that never guesses. */
export function aborted(step: string, answer: CardAnswer): Aborted {
  switch (answer.kind) {
    case 'unexpected':
      return { outcome: 'aborted', step, statusWord: answer.statusWord, meaning: answer.meaning };
    case 'ok':
      return {
        outcome: 'aborted',
        step,
        statusWord: '9000',
        meaning: 'OK where this step expects otherwise',
      };
    case 'tries-left':
    case 'wrong':
      return {
        outcome: 'aborted',
        step,
        statusWord: `63C${answer.triesLeft.toString(16).toUpperCase()}`,
        meaning: 'a tries count where this step expects none',
      };
    case 'locked':
      return { outcome: 'aborted', step, statusWord: answer.statusWord, meaning: 'PIN blocked' };
    case 'not-present':
      return { outcome: 'aborted', step, statusWord: '6A88', meaning: 'referenced data not found' };
    case 'needs-verify':
      return { outcome: 'aborted', step, statusWord: '6982', meaning: 'security status not satisfied' };
    case 'not-found':
      return { outcome: 'aborted', step, statusWord: '6A82', meaning: 'file or application not found' };
  }
}
