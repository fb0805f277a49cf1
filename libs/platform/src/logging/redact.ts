/**
 * A PIN or a My Number must never reach a log line (domain.md §1). Loggers pass every structured value
 * through `redact`, which replaces sensitive fields wherever they nest, whatever their case or spelling.
 */
const SENSITIVE_KEY =
  /^(pin|pins|oldpin|newpin|currentpin|pincode|mynumber|mynumbers|individualnumber|password|passwordhash|secret|token|authorization|cookie)$/i;

export const REDACTED = '[redacted]';

function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key.replace(/[-_\s]/g, ''));
}

export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, seen));
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSensitiveKey(key) ? REDACTED : redact(inner, seen);
  }
  return out;
}
