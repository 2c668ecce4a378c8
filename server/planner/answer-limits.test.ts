// The limits on a model's answer, one by one: how deep, how many values, how long a string,
// which characters; and what is kept of an answer for the record.
import { describe, expect, it } from 'vitest';
import {
  MAX_ANSWER_CHARS,
  MAX_DEPTH,
  MAX_NODES,
  MAX_RECORDED_CHARS,
  MAX_STRING_CHARS,
  parsedAnswerProblem,
  rawAnswerProblem,
  recordableJson,
  recordableText,
} from './answer-limits.ts';

/** `levels` objects nested in each other around a number. */
function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level += 1) value = { a: value };
  return value;
}

describe('parsedAnswerProblem', () => {
  it('accepts a value nested 16 levels deep and refuses one nested 17', () => {
    expect(MAX_DEPTH).toBe(16);
    expect(parsedAnswerProblem(nested(16))).toBeNull();
    expect(parsedAnswerProblem(nested(17))).toBe(
      `The answer is nested more than 16 levels deep (at (plan)${'.a'.repeat(17)}).`,
    );
  });

  it('counts arrays like objects when measuring depth', () => {
    let value: unknown = 'x';
    for (let level = 0; level < 17; level += 1) value = [value];
    expect(parsedAnswerProblem(value)).toMatch(/^The answer is nested more than 16 levels deep/);
  });

  it('refuses 5,000 levels of nesting without overflowing the stack', () => {
    expect(parsedAnswerProblem(nested(5_000))).toMatch(/nested more than 16 levels deep/);
  });

  it('accepts 5,000 values and refuses 5,001', () => {
    expect(MAX_NODES).toBe(5_000);
    // The array itself is one value.
    expect(parsedAnswerProblem(Array.from({ length: 4_999 }, () => 1))).toBeNull();
    expect(parsedAnswerProblem(Array.from({ length: 5_000 }, () => 1))).toBe(
      'The answer holds more than 5000 values.',
    );
  });

  it('refuses a string longer than 4,000 characters, naming where it is', () => {
    expect(parsedAnswerProblem({ summary: 'x'.repeat(MAX_STRING_CHARS) })).toBeNull();
    expect(parsedAnswerProblem({ summary: 'x'.repeat(MAX_STRING_CHARS + 1) })).toBe(
      '(plan).summary is 4001 characters long; at most 4000 are allowed.',
    );
  });

  it('refuses control characters in a value, but not tab, line feed or carriage return', () => {
    expect(parsedAnswerProblem({ steps: [{ why: 'a\tb\nc\r' }] })).toBeNull();
    expect(parsedAnswerProblem({ steps: [{ why: 'ok\u0000' }] })).toBe(
      '(plan).steps.0.why holds control characters.',
    );
    expect(parsedAnswerProblem({ why: '\u007F' })).toBe('(plan).why holds control characters.');
  });

  it('refuses control characters in a key', () => {
    expect(parsedAnswerProblem({ steps: [{ input: { 'id\u0001': 1 } }] })).toBe(
      'A key in (plan).steps.0.input holds control characters.',
    );
    expect(parsedAnswerProblem({ '\u0000': 1 })).toBe('A key in (plan) holds control characters.');
  });

  it('refuses a lone surrogate, which PostgreSQL cannot store', () => {
    expect(parsedAnswerProblem({ steps: [{ why: 'ok\uD800' }] })).not.toBeNull();
  });

  it('accepts numbers, booleans and null', () => {
    expect(parsedAnswerProblem({ confidence: 0.9, ok: true, none: null })).toBeNull();
    expect(parsedAnswerProblem(null)).toBeNull();
  });
});

describe('rawAnswerProblem', () => {
  it('reads an answer of 100,000 characters and refuses a longer one', () => {
    expect(rawAnswerProblem(' '.repeat(MAX_ANSWER_CHARS))).toBeNull();
    expect(rawAnswerProblem(' '.repeat(MAX_ANSWER_CHARS + 1))).toBe(
      'The answer is 100001 characters long; at most 100000 are read.',
    );
  });
});

describe('recordableText', () => {
  it('replaces NUL with U+FFFD and keeps everything else', () => {
    expect(recordableText('a\u0000b\u0001\t')).toBe('a\uFFFDb\u0001\t');
  });

  it('keeps 20,000 characters of a longer text and says how many were cut', () => {
    expect(recordableText('x'.repeat(MAX_RECORDED_CHARS))).toBe('x'.repeat(MAX_RECORDED_CHARS));
    const kept = recordableText(`${'x'.repeat(MAX_RECORDED_CHARS)}${'y'.repeat(280_000)}`);
    expect(kept).toBe(`${'x'.repeat(MAX_RECORDED_CHARS)}… [280000 more characters not kept]`);
  });

  it('cuts at the given maximum', () => {
    expect(recordableText('abcdef', 3)).toBe('abc… [3 more characters not kept]');
  });
});

describe('recordableJson', () => {
  it('replaces NUL anywhere in the value with U+FFFD, in JSON that parses', () => {
    const json = recordableJson({ why: 'a\u0000b', 'k\u0000': ['\u0000'] });
    expect(json).not.toContain('\\u0000');
    expect(JSON.parse(json)).toEqual({ why: 'a\uFFFDb', 'k\uFFFD': ['\uFFFD'] });
  });

  it('keeps a backslash before a NUL', () => {
    expect(JSON.parse(recordableJson({ path: 'C:\\\u0000' }))).toEqual({ path: 'C:\\\uFFFD' });
  });

  it('leaves JSON without NUL as JSON.stringify writes it', () => {
    const value = { steps: [{ id: 'a', why: 'tab\there "quoted"' }], confidence: 0.5 };
    expect(recordableJson(value)).toBe(JSON.stringify(value));
  });

  it('keeps the text \\u0000 of a string that holds no NUL', () => {
    const value = { content: '{"why":"ok\\u0000"}' };
    expect(JSON.parse(recordableJson(value))).toEqual(value);
  });
});
