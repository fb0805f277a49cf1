/**
 * NATS subject filters (`*` = one token, `>` = one or more trailing tokens), evaluated on our side:
 * the consumer routes each message to the handler whose filter matches, so both must agree with the
 * server on what a filter means.
 */

export function assertSubjectFilter(filter: string): void {
  const tokens = filter.split('.');
  const tailIndex = tokens.indexOf('>');
  const invalid =
    tokens.some((token) => token === '' || /\s/.test(token)) ||
    tokens.some((token) => token !== '*' && token !== '>' && /[*>]/.test(token)) ||
    (tailIndex !== -1 && tailIndex !== tokens.length - 1);
  if (invalid) throw new Error(`"${filter}" is not a NATS subject filter`);
}

export function subjectMatches(filter: string, subject: string): boolean {
  const wanted = filter.split('.');
  const actual = subject.split('.');
  for (const [index, token] of wanted.entries()) {
    if (token === '>') return actual.length > index;
    const candidate = actual[index];
    if (candidate === undefined) return false;
    if (token !== '*' && token !== candidate) return false;
  }
  return wanted.length === actual.length;
}

/** True when some subject matches both filters: such a message would have two handlers. */
export function filtersOverlap(first: string, second: string): boolean {
  const a = first.split('.');
  const b = second.split('.');
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const x = a[index];
    const y = b[index];
    if (x === '>' || y === '>') return true;
    if (x !== y && x !== '*' && y !== '*') return false;
  }
  return a.length === b.length;
}

/**
 * The narrowest single filter that covers every handler's filter. One filter subject, not several,
 * because multi-filter consumers need nats-server 2.10 and this one must also run on 2.9; messages the
 * wider filter lets through that no handler wants are acknowledged and skipped by the consumer.
 */
export function coveringFilter(filters: readonly string[]): string {
  const [first, ...others] = filters;
  if (first === undefined) throw new Error('a consumer needs at least one subject filter');
  if (others.every((filter) => filter === first)) return first;
  const split = filters.map((filter) => filter.split('.'));
  const common: string[] = [];
  for (const [index, token] of (split[0] ?? []).entries()) {
    if (token === '*' || token === '>') break;
    if (!split.every((tokens) => tokens[index] === token && index < tokens.length - 1)) break;
    common.push(token);
  }
  return [...common, '>'].join('.');
}
