import type { Operator } from '../operator.ts';
import type { OperatorConfig } from '../redact-options.ts';
import { replaceOperator } from './replace.ts';
import { maskOperator } from './mask.ts';
import { removeOperator } from './remove.ts';
import { hashOperator } from './hash.ts';
import { partialOperator } from './partial.ts';

export function createOperator(config: OperatorConfig, env: NodeJS.ProcessEnv = process.env): Operator {
  switch (config.type) {
    case 'replace':
      return replaceOperator(config.template);
    case 'mask':
      return maskOperator(config.char);
    case 'remove':
      return removeOperator();
    case 'hash':
      return hashOperator(config.key_env, config.length, env);
    case 'partial':
      return partialOperator(config.keep_last, config.char);
  }
}

export { replaceOperator, maskOperator, removeOperator, hashOperator, partialOperator };
