import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env.ts';
import { parsePlannerChain, plannerLabel } from './chain.ts';

describe('parsePlannerChain', () => {
  it('defaults to offline alone when no provider key is set', () => {
    expect(parsePlannerChain(undefined, {})).toEqual([{ provider: 'offline' }]);
  });

  it('defaults to each provider whose key is set, then offline', () => {
    const chain = parsePlannerChain('', { ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' });
    expect(chain.map(plannerLabel)).toEqual([
      'anthropic:claude-sonnet-4-5',
      'openai:gpt-5-mini',
      'offline',
    ]);
  });

  it('reads a chain of every kind, in order', () => {
    const chain = parsePlannerChain(
      'anthropic:claude-x, openai:gpt-y,openai-compatible:http://127.0.0.1:11434/v1/#llama3.1,offline',
      { ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o' },
    );
    expect(chain).toEqual([
      { provider: 'anthropic', model: 'claude-x' },
      { provider: 'openai', model: 'gpt-y' },
      { provider: 'openai-compatible', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1' },
      { provider: 'offline' },
    ]);
  });

  it.each([
    ['anthropic:claude-x', {}, /needs ANTHROPIC_API_KEY/],
    ['openai:', { OPENAI_API_KEY: 'o' }, /names no model/],
    ['openai-compatible:localhost#m', {}, /must look like openai-compatible:http/],
    ['openai-compatible:http://127.0.0.1:11434/v1', {}, /must look like/],
    ['mistral:large', {}, /is not a planner/],
    ['offline,anthropic:claude-x', { ANTHROPIC_API_KEY: 'a' }, /can only be the last/],
  ])('refuses %s with a clear reason', (value, keys, message) => {
    expect(() => parsePlannerChain(value, keys)).toThrow(message);
  });

  it('makes a bad PLANNER_MODEL an environment error that names the variable, not the key', () => {
    expect(() =>
      parseEnv({ PLANNER_MODEL: 'anthropic:claude-x', OPENAI_API_KEY: 'sk-secret-value' }),
    ).toThrow(/PLANNER_MODEL: "anthropic:claude-x" needs ANTHROPIC_API_KEY/);
    try {
      parseEnv({
        PLANNER_MODEL: 'openai:gpt',
        OPENAI_API_KEY: 'sk-secret-value',
        PLANNER_TIMEOUT_MS: 'soon',
      });
    } catch (error) {
      expect(String(error)).toMatch(/PLANNER_TIMEOUT_MS: expected milliseconds/);
      expect(String(error)).not.toContain('sk-secret-value');
      return;
    }
    throw new Error('a bad PLANNER_TIMEOUT_MS was accepted');
  });
});
