// An operator turns one detected span into its replacement (Presidio's "operator"). One operator per file in
// operators/; `createOperator` builds one from its flow config, failing before any data is read when it can't
// (e.g. the hash key env var is missing).
import type { OperatorConfig } from './redact-options.ts';

export interface Operator {
  /** `replace`, `mask`, `remove`, `hash`, `partial`. */
  readonly name: OperatorConfig['type'];
  /** Replacement text for `value` (the span's original text) of entity type `type`. */
  apply(value: string, type: string): string;
}
