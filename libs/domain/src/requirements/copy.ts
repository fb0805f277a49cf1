// Tables are shared by every case in the process: they are frozen, and callers get copies to edit.

export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map((element: unknown) => deepCopy(element)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, deepCopy(child)])) as T;
  }
  return value;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
