/**
 * RFC 8785 JSON Canonicalization Scheme: one byte sequence per JSON value, so a leaf hash can be
 * recomputed from the stored entry years later, by any implementation.
 */
export class NotCanonicalisableError extends Error {
  override readonly name = 'NotCanonicalisableError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`${path || '(root)'}: ${reason}`);
  }
}

/** Thrown on the fast path, which does not track where it is; `canonicalJson` then finds the path. */
class NotJson extends Error {}

export function canonicalJson(value: unknown): string {
  try {
    return serialise(value);
  } catch (error) {
    if (error instanceof NotJson) throw locate(value, '');
    throw error;
  }
}

export function canonicalJsonBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

// In a `u` pattern a surrogate pair is one code point; only an unpaired half is in category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

function serialise(value: unknown): string {
  switch (typeof value) {
    case 'string':
      // JSON.stringify's string escaping is RFC 8785's (§3.2.2.2); lone surrogates are not I-JSON.
      if (LONE_SURROGATE.test(value)) throw new NotJson();
      return JSON.stringify(value);
    case 'number':
      // ECMAScript Number-to-String (RFC 8785 §3.2.2.3) is what JSON.stringify writes; -0 becomes 0.
      if (!Number.isFinite(value)) throw new NotJson();
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + serialise(value[i]);
        return `${text}]`;
      }
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) throw new NotJson();
      const record = value as Record<string, unknown>;
      // Sorted by UTF-16 code units (RFC 8785 §3.2.3), which is what the default sort compares.
      const keys = Object.keys(record).sort();
      let text = '{';
      let first = true;
      for (const key of keys) {
        const member = record[key];
        if (member === undefined) continue;
        if (LONE_SURROGATE.test(key)) throw new NotJson();
        text += `${first ? '' : ','}${JSON.stringify(key)}:${serialise(member)}`;
        first = false;
      }
      return `${text}}`;
    }
    case 'bigint':
    case 'function':
    case 'symbol':
    case 'undefined':
      throw new NotJson();
  }
  // typeof has no other answer; TypeScript does not know that.
  throw new NotJson();
}

/** The slow walk, for the error message only: names the first place that is not JSON. */
function locate(value: unknown, path: string): NotCanonicalisableError {
  const at = (key: string | number): string =>
    typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  if (typeof value === 'string')
    return new NotCanonicalisableError(path, 'the string holds a lone surrogate');
  if (typeof value === 'number') return new NotCanonicalisableError(path, `${value} is not a JSON number`);
  if (typeof value !== 'object' || value === null) {
    return new NotCanonicalisableError(path, `a ${typeof value} is not JSON`);
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      if (item === undefined) return new NotCanonicalisableError(at(index), 'a undefined is not JSON');
      if (!isJson(item)) return locate(item, at(index));
    }
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) {
      return new NotCanonicalisableError(
        path,
        'only plain objects are JSON (convert dates to strings first)',
      );
    }
    for (const [key, member] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key))
        return new NotCanonicalisableError(at(key), 'the key holds a lone surrogate');
      if (member !== undefined && !isJson(member)) return locate(member, at(key));
    }
  }
  return new NotCanonicalisableError(path, 'not JSON');
}

function isJson(value: unknown): boolean {
  try {
    serialise(value);
    return true;
  } catch {
    return false;
  }
}
