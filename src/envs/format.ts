// Formatting of received values for error messages: every error names what it got.

/** A short, readable rendering of any value, for error messages (`1.5`, `[0.1, 2]`, `Float32Array [3]`, `"left"`). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `[${value.slice(0, 8).map(describeValue).join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  if (ArrayBuffer.isView(value) && 'length' in value && typeof value.length === 'number') {
    const items: string[] = [];
    const n = Math.min(value.length, 8);
    for (let i = 0; i < n; i++) items.push(describeValue(Reflect.get(value, i)));
    return `${value.constructor.name} [${items.join(', ')}${value.length > 8 ? ', ...' : ''}]`;
  }
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return typeof value;
}
