/**
 * Prompt markup: the words and tokens of a prompt ("system prompt", "<|im_start|>", "[INST]",
 * "### System:"), which no invoice, move e-mail or lead note has cause to contain.
 */

import type { Rule } from './types.ts';
import { alt, phrase } from './words.ts';

export const MARKUP_RULES: readonly Rule[] = [
  {
    kind: 'prompt-markup',
    pattern: phrase(
      alt(
        'system[- ]?prompts?',
        'systeem[- ]?prompts?',
        `prompt ${alt('du systeme', 'systeme', 'del sistema', 'di sistema', 'de sistema')}`,
        'system instructions?',
        'systemanweisung(?:en)?',
        'developer (?:message|prompt|instructions?)',
        `${alt('system message', 'systemnachricht', 'systeembericht', 'message (?:du )?systeme', 'mensaje del sistema', 'messaggio di sistema')}(?=\\s?:)`,
      ),
    ),
  },
  {
    kind: 'prompt-markup',
    pattern: new RegExp(
      alt(
        String.raw`<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>`,
        String.raw`\[\/?inst\]`,
        String.raw`<<\/?sys>>`,
        String.raw`\[system\]`,
        String.raw`(?<![\p{L}\p{N}#])#{2,}\s?(?:system|instructions?)(?=\s?(?::|\n|$))`,
      ),
      'gu',
    ),
  },
];
