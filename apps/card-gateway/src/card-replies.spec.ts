import { CARD_GATEWAY_ERROR_CODES } from '@madoguchi/domain';
import type { TransportFailure } from './card/transport/card-transport-error';
import {
  cardProblemError,
  cardProblemFacts,
  type FactContext,
  type PinStepFailure,
  pinStepError,
  pinStepFailureFacts,
} from './card-replies';

const context: FactContext = { readerId: 'r1', caseId: 'c1', operation: 'verify' };
const field = () => 'pin' as const;

describe('card replies and facts from protocol outcomes', () => {
  it.each([
    ['no-reader', 'no-reader'],
    ['driver-unavailable', 'no-reader'],
    ['no-card', 'no-card'],
    ['connection-lost', 'card-removed'],
    ['card-in-use', 'card-error'],
    ['session-closed', 'card-error'],
  ] as const)('a transport failure %s answers %s', (failure: TransportFailure, code) => {
    const problem = { outcome: 'card-unavailable', failure, message: 'm' } as const;
    expect(cardProblemError(problem).code).toBe(code);
    // Only a card that left in the middle of an operation is a fact.
    expect(cardProblemFacts(context, problem).map((fact) => fact.type)).toEqual(
      failure === 'connection-lost' ? ['CardOperationAborted'] : [],
    );
  });

  it('an unexpected status word stops the operation and names the word, never a guess', () => {
    const aborted = {
      outcome: 'aborted',
      step: 'verify user-certificate',
      statusWord: '6F00',
      meaning: 'no precise diagnosis',
    } as const;
    expect(cardProblemError(aborted)).toEqual({
      code: 'card-error',
      statusWord: '6F00',
      step: 'verify user-certificate',
      message: 'the card answered 6F00 (no precise diagnosis) to "verify user-certificate"; stopped there',
    });
    expect(cardProblemFacts(context, aborted)).toEqual([
      {
        type: 'CardOperationAborted',
        data: {
          readerId: 'r1',
          caseId: 'c1',
          operation: 'verify',
          statusWord: '6F00',
          reason: 'verify user-certificate: no precise diagnosis',
        },
      },
    ]);
  });

  const failures: PinStepFailure[] = [
    { outcome: 'malformed-pin', kind: 'signing-certificate', which: 'pin', reason: 'letter-and-digit' },
    { outcome: 'last-try-needs-confirmation', kind: 'card-info-input', triesLeft: 1 },
    { outcome: 'wrong-pin', kind: 'user-certificate', triesLeft: 2 },
    { outcome: 'wrong-pin', kind: 'user-certificate', triesLeft: 0 },
    { outcome: 'locked', kind: 'user-certificate' },
    { outcome: 'not-present', kind: 'signing-certificate' },
    { outcome: 'outcome-unknown', kind: 'resident-registry', step: 'change', message: 'lost' },
  ];

  it('every PIN step failure has an error of the closed set and only card-side events become facts', () => {
    const summary = failures.map((failure) => [
      pinStepError(failure, field).code,
      pinStepFailureFacts(context, failure).map((fact) => fact.type),
    ]);
    expect(summary).toEqual([
      ['malformed-pin', []],
      ['last-try-needs-confirmation', []],
      ['wrong-pin', ['PinVerificationFailed']],
      ['wrong-pin', ['PinVerificationFailed', 'PinLocked']],
      ['locked', []],
      ['not-present', []],
      ['outcome-unknown', ['CardOperationAborted']],
    ]);
    for (const [code] of summary) expect(CARD_GATEWAY_ERROR_CODES).toContain(code);
  });

  it('an unknown outcome carries the counter read afterwards when there is one', () => {
    const unknown = failures.at(-1) as PinStepFailure;
    expect(pinStepError(unknown, field, 2)).toMatchObject({ code: 'outcome-unknown', triesLeft: 2 });
    expect(pinStepError(unknown, field)).not.toHaveProperty('triesLeft');
  });
});
