// metrics.jsonl text -> records -> series, including a last line cut by a kill.
import { describe, expect, it } from 'vitest';
import { groupByTag, parseMetricsJsonl } from '../../src/eval/metrics.js';

const lines = [
  '{"step":10,"tag":"charts/episodic_return","value":21}',
  '{"step":10,"tag":"grpo/group_returns","value":[1,2,null]}',
  '{"step":20,"tag":"charts/episodic_return","value":35.5}',
  '{"step":20,"tag":"losses/clipfrac","value":null}',
];

describe('parseMetricsJsonl', () => {
  it('reads complete records, null as NaN', () => {
    const parsed = parseMetricsJsonl(`${lines.join('\n')}\n`);
    expect(parsed.truncated).toBe(false);
    expect(parsed.skippedLines).toBe(0);
    expect(parsed.records).toHaveLength(4);
    expect(parsed.records[1]).toEqual({ step: 10, tag: 'grpo/group_returns', value: [1, 2, NaN] });
    expect(parsed.records[3]!.value).toBeNaN();
  });

  it('keeps a last line that is complete but has no newline yet', () => {
    expect(parseMetricsJsonl(lines.join('\n'))).toMatchObject({ truncated: false, skippedLines: 0 });
    expect(parseMetricsJsonl(lines.join('\n')).records).toHaveLength(4);
  });

  it('drops and flags a cut last line', () => {
    const text = `${lines.join('\n')}\n{"step":30,"tag":"charts/episodic_re`;
    const parsed = parseMetricsJsonl(text);
    expect(parsed).toMatchObject({ truncated: true, skippedLines: 1 });
    expect(parsed.records).toHaveLength(4);
  });

  it('accepts empty text and blank lines', () => {
    expect(parseMetricsJsonl('')).toEqual({ records: [], truncated: false, skippedLines: 0 });
    expect(parseMetricsJsonl(`\n${lines[0]}\n\n`).records).toHaveLength(1);
  });

  it('refuses a damaged line that is not the last, naming it', () => {
    expect(() => parseMetricsJsonl(`${lines[0]}\n{"step":1,\n${lines[2]}\n`)).toThrow(/^parseMetricsJsonl: line 2 is not valid JSON/);
    expect(() => parseMetricsJsonl('{"step":"1","tag":"a","value":1}\n')).toThrow('parseMetricsJsonl: line 1: "step" must be a number, received "1"');
    expect(() => parseMetricsJsonl('{"step":1,"tag":"a","value":"x"}\n')).toThrow('parseMetricsJsonl: line 1: "value" must be a number, null (NaN) or a list of them, received "x"');
    expect(() => parseMetricsJsonl('[1]\n')).toThrow('parseMetricsJsonl: line 1 must be an object');
  });
});

describe('groupByTag', () => {
  it('splits scalars from vectors, file order kept', () => {
    const { scalars, vectors } = groupByTag(parseMetricsJsonl(lines.join('\n')).records);
    expect([...scalars.keys()]).toEqual(['charts/episodic_return', 'losses/clipfrac']);
    expect(scalars.get('charts/episodic_return')).toEqual({ tag: 'charts/episodic_return', steps: [10, 20], values: [21, 35.5] });
    expect(vectors.get('grpo/group_returns')!.values).toEqual([[1, 2, NaN]]);
  });

  it('refuses a tag that mixes numbers and lists', () => {
    expect(() => groupByTag([{ step: 1, tag: 't', value: 1 }, { step: 2, tag: 't', value: [1] }])).toThrow(
      'groupByTag: tag "t" mixes numbers and lists (record 1): one tag must hold one kind',
    );
  });
});
