// Reading metrics.jsonl text, with no file access: records out of a string, then series by tag.

/**
 * One metrics record, as a trainer appends it to metrics.jsonl: a number, or a list of numbers
 * (e.g. per-group means), of a tag at a global step. NaN is written by JSON as `null` and read
 * back as NaN.
 */
export interface MetricRecord {
  readonly step: number;
  readonly tag: string;
  readonly value: number | readonly number[];
}

/** The result of {@link parseMetricsJsonl}. */
export interface ParsedMetrics {
  /** Every complete record, in file order. */
  readonly records: MetricRecord[];
  /**
   * True when the last line was cut (no newline and not valid JSON), as after a kill mid-write;
   * that line is left out. Warn the user, then use `records`.
   */
  readonly truncated: boolean;
  /** Lines left out (0 or 1: only a cut last line is tolerated). */
  readonly skippedLines: number;
}

/**
 * Parses metrics.jsonl text, one `{"step": n, "tag": "...", "value": number | number[]}` per line.
 * A cut last line is dropped and flagged; any other malformed line throws a SyntaxError naming its
 * line number, since it means the file was damaged, not merely interrupted.
 * @example parseMetricsJsonl('{"step":1,"tag":"a","value":2}\n{"step":2,"ta') // 1 record, truncated: true
 */
export function parseMetricsJsonl(text: string): ParsedMetrics {
  if (typeof text !== 'string') throw new TypeError(`parseMetricsJsonl: text must be a string, received ${typeof text}`);
  const records: MetricRecord[] = [];
  const lines = text.split('\n');
  // A file that ends with '\n' splits into a final empty string: that is no line.
  const lastIndex = lines.length - 1;
  const endsCleanly = lines[lastIndex] === '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      if (i === lastIndex && !endsCleanly) return { records, truncated: true, skippedLines: 1 };
      throw new SyntaxError(`parseMetricsJsonl: line ${i + 1} is not valid JSON (${error instanceof Error ? error.message : String(error)}): ${clip(line)}`);
    }
    records.push(toRecord(parsed, i + 1, line));
  }
  return { records, truncated: false, skippedLines: 0 };
}

/** A scalar metric over steps: `steps[i]` and `values[i]` belong together (length n). */
export interface MetricSeries {
  readonly tag: string;
  readonly steps: number[];
  readonly values: number[];
}

/** A vector metric over steps (e.g. `grpo/group_returns`): `values[i]` is the vector at `steps[i]`. */
export interface VectorSeries {
  readonly tag: string;
  readonly steps: number[];
  readonly values: (readonly number[])[];
}

/** Records grouped by tag, scalars and vectors apart, each in file order. */
export interface GroupedMetrics {
  readonly scalars: Map<string, MetricSeries>;
  readonly vectors: Map<string, VectorSeries>;
}

/**
 * Groups records into one series per tag (file order kept). A tag must hold only numbers or only
 * lists; a mix throws, naming the tag and the record index.
 * @example groupByTag(records).scalars.get('charts/episodic_return')?.values
 */
export function groupByTag(records: readonly MetricRecord[]): GroupedMetrics {
  const scalars = new Map<string, MetricSeries>();
  const vectors = new Map<string, VectorSeries>();
  records.forEach((r, index) => {
    if (typeof r.value === 'number') {
      if (vectors.has(r.tag)) throw mixed(r.tag, index);
      let s = scalars.get(r.tag);
      if (!s) scalars.set(r.tag, (s = { tag: r.tag, steps: [], values: [] }));
      s.steps.push(r.step);
      s.values.push(r.value);
    } else {
      if (scalars.has(r.tag)) throw mixed(r.tag, index);
      let s = vectors.get(r.tag);
      if (!s) vectors.set(r.tag, (s = { tag: r.tag, steps: [], values: [] }));
      s.steps.push(r.step);
      s.values.push(r.value);
    }
  });
  return { scalars, vectors };
}

function toRecord(parsed: unknown, lineNumber: number, line: string): MetricRecord {
  const where = `parseMetricsJsonl: line ${lineNumber}`;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SyntaxError(`${where} must be an object {"step", "tag", "value"}, received ${clip(line)}`);
  }
  const step: unknown = Reflect.get(parsed, 'step');
  const tag: unknown = Reflect.get(parsed, 'tag');
  const value: unknown = Reflect.get(parsed, 'value');
  if (typeof step !== 'number') throw new SyntaxError(`${where}: "step" must be a number, received ${clip(JSON.stringify(step) ?? 'nothing')}`);
  if (typeof tag !== 'string') throw new SyntaxError(`${where}: "tag" must be a string, received ${clip(JSON.stringify(tag) ?? 'nothing')}`);
  if (Array.isArray(value)) return { step, tag, value: value.map((v, k) => toNumber(v, `${where}: "value"[${k}]`)) };
  return { step, tag, value: toNumber(value, `${where}: "value"`) };
}

function toNumber(v: unknown, where: string): number {
  if (typeof v === 'number') return v;
  if (v === null) return NaN;
  throw new SyntaxError(`${where} must be a number, null (NaN) or a list of them, received ${clip(JSON.stringify(v) ?? 'nothing')}`);
}

function mixed(tag: string, index: number): Error {
  return new TypeError(`groupByTag: tag ${JSON.stringify(tag)} mixes numbers and lists (record ${index}): one tag must hold one kind`);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
