import { z } from 'zod';
import {
  type CardGatewayFailure,
  type CardOperation,
  type CardRequest,
  FOUR_DIGIT_PIN_KINDS,
  type FourDigitPinKind,
  PIN_KINDS,
  type PinKind,
} from '@madoguchi/domain';

/**
 * The edge of the gateway: every request is checked against its operation's schema before anything reaches a
 * card. The shapes only: whether a PIN has the format of its kind is the protocol's first check (`malformed-pin`).
 * Unknown fields are refused, so a misspelt `confirmedLastTry` can never silently mean "not confirmed".
 */
const pinKind = z.enum(PIN_KINDS as [PinKind, ...PinKind[]]);
const fourDigitKind = z.enum(FOUR_DIGIT_PIN_KINDS as [FourDigitPinKind, ...FourDigitPinKind[]]);
/** Long enough for any PIN (16 at most) and whatever a person might type by mistake; no megabyte strings. */
const pin = z.string().min(1).max(64);
const caseId = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters')
  .optional();

const status = z.strictObject({ caseId });

const verify = z.strictObject({
  kind: pinKind,
  pin,
  confirmedLastTry: z.boolean().optional(),
  caseId,
});

const changeOne = z.strictObject({
  kind: pinKind,
  oldPin: pin,
  newPin: pin,
  confirmedLastTry: z.boolean().optional(),
  caseId,
});

const changeFourDigit = z
  .strictObject({
    kind: z.literal('all-four-digit'),
    oldPin: pin.optional(),
    oldPins: z
      .strictObject({
        'user-certificate': pin,
        'resident-registry': pin,
        'card-info-input': pin,
      })
      .optional(),
    newPin: pin,
    confirmedLastTry: z.union([z.boolean(), z.array(fourDigitKind).max(3)]).optional(),
    caseId,
  })
  .superRefine((request, context) => {
    if ((request.oldPin === undefined) === (request.oldPins === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['oldPin'],
        message: 'and oldPins: give exactly one (oldPin: one value for all three; oldPins: one per PIN)',
      });
    }
  });

const change = z.discriminatedUnion('kind', [changeOne, changeFourDigit]);

const resetRecorded = z.strictObject({
  kinds: z
    .array(pinKind)
    .min(1)
    .max(PIN_KINDS.length)
    .refine((kinds) => new Set(kinds).size === kinds.length, 'must not name a PIN twice'),
  clerkId: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 printable ASCII characters'),
  caseId,
});

const readInfo = z.strictObject({ pin, confirmedLastTry: z.boolean().optional(), caseId });

const readers = z.strictObject({});

export const CARD_REQUEST_SCHEMAS = {
  status,
  verify,
  change,
  'reset-recorded': resetRecorded,
  'read-info': readInfo,
} satisfies { [Operation in CardOperation]: z.ZodType<CardRequest<Operation>> };

export const READERS_REQUEST_SCHEMA = readers;

/** What a handler receives for a message body that is not JSON (see NatsRequestDeserializer). */
export const NOT_JSON: unique symbol = Symbol('not JSON');

export type ParsedRequest<Request> =
  | { ok: true; request: Request }
  | CardGatewayFailure<{ code: 'invalid-request'; message: string; field: string }>;

/** Operations without fields accept an absent body as `{}`. */
const BODY_OPTIONAL: ReadonlySet<string> = new Set(['status', 'readers']);

export function parseCardRequest<Operation extends CardOperation>(
  operation: Operation,
  payload: unknown,
): ParsedRequest<CardRequest<Operation>> {
  return parseWith(operation, CARD_REQUEST_SCHEMAS[operation] as z.ZodType<CardRequest<Operation>>, payload);
}

export function parseReadersRequest(payload: unknown): ParsedRequest<Record<string, never>> {
  return parseWith('readers', READERS_REQUEST_SCHEMA as z.ZodType<Record<string, never>>, payload);
}

function parseWith<Request>(
  operation: string,
  schema: z.ZodType<Request>,
  payload: unknown,
): ParsedRequest<Request> {
  if (payload === NOT_JSON) {
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        field: '(request)',
        message: `${operation} request: the body is not JSON`,
      },
    };
  }
  const body =
    payload === undefined || payload === null ? (BODY_OPTIONAL.has(operation) ? {} : payload) : payload;
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, request: parsed.data };
  const [issue] = parsed.error.issues as [z.core.$ZodIssue];
  // An unknown field is named itself, so the caller sees which key to fix.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const field = path.length === 0 ? '(request)' : path.map((key) => String(key).slice(0, 32)).join('.');
  const problem = describe(issue, isPresent(body, issue.path));
  return {
    ok: false,
    error: { code: 'invalid-request', field, message: `${operation} request: ${field} ${problem}` },
  };
}

function isPresent(body: unknown, path: readonly PropertyKey[]): boolean {
  let value = body;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return false;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value !== undefined;
}

/** Our own words, built from the issue's kind only: a message must never repeat an input value (a PIN). */
function describe(issue: z.core.$ZodIssue, present: boolean): string {
  switch (issue.code) {
    case 'invalid_type':
      return present ? `must be ${article(issue.expected)}` : 'is required';
    case 'too_small':
      return issue.origin === 'array' ? `must have at least ${issue.minimum} item(s)` : 'must not be empty';
    case 'too_big':
      return issue.origin === 'array'
        ? `must have at most ${issue.maximum} item(s)`
        : `must be at most ${issue.maximum} characters`;
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? 'is not a field of this request'
        : `and ${issue.keys.length - 1} more are not fields of this request`;
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return issue.discriminator === undefined
        ? 'does not match any accepted form'
        : `must be one of: ${('options' in issue ? (issue.options ?? []) : []).map(String).join(', ')}`;
    case 'invalid_format':
    case 'custom':
      return issue.message;
    case 'invalid_element':
    case 'invalid_key':
    case 'not_multiple_of':
      return 'is not valid';
  }
}

function article(expected: string): string {
  return expected === 'object' || expected === 'array' ? `an ${expected}` : `a ${expected}`;
}
