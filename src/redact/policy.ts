// The redaction policy of one redact step: per-type thresholds and operators, `only`, allow and deny lists.
// It decides, per detected entity, `redacted`, `below_threshold`, `allow_listed` or `type_not_selected`.
import type { AuditDecision } from '../audit/audit-record.ts';
import type { Operator } from './operator.ts';
import type { OperatorConfig, RedactOptions } from './redact-options.ts';
import { createOperator } from './operators/index.ts';
import { RedactflowError } from '../errors.ts';

export interface Matcher {
  test(value: string): boolean;
}

/** "/re/flags" is a regular expression (must match the whole value); anything else a literal. */
export function parseValuePattern(p: string): { literal: string } | { regex: RegExp } {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(p);
  if (!m) return { literal: p };
  try {
    return { regex: new RegExp(m[1], m[2].replace(/[gy]/g, '')) };
  } catch (e) {
    throw new RedactflowError('FLOW_INVALID', `invalid regular expression in allow/deny list: ${(e as Error).message}`, { exitCode: 2 });
  }
}

export interface Policy {
  decide(type: string, score: number, value: string): { decision: AuditDecision; threshold: number };
  threshold(type: string): number;
  operatorFor(type: string): Operator;
  /** Whether `decide` looks at the value (allow lists): callers may pass '' otherwise. */
  readonly usesValue: boolean;
  /** Deny-list patterns (regexes global): always redacted where they occur. */
  readonly deny: ReadonlyArray<{ literal: string } | { regex: RegExp }>;
}

export type PolicyOptions = Pick<RedactOptions, 'min_score' | 'entities' | 'only' | 'operator' | 'allow' | 'deny'>;

export function createPolicy(o: PolicyOptions, env: NodeJS.ProcessEnv = process.env): Policy {
  const defaultOp = createOperator(o.operator, env);
  const ops = new Map<string, Operator>();
  const thresholds = new Map<string, number>();
  const entityOnly = o.entities?.only as unknown;
  for (const [type, ov] of Object.entries(o.entities ?? {})) {
    if (type === 'only') continue;
    if (ov.min_score !== undefined) thresholds.set(type, ov.min_score);
    if (ov.operator) ops.set(type, createOperator(ov.operator as OperatorConfig, env));
  }
  const onlyList = o.only ?? (Array.isArray(entityOnly) ? (entityOnly as string[]) : undefined);
  const only = onlyList ? new Set(onlyList) : null;
  const allowLiterals = new Set<string>();
  const allowRegexes: RegExp[] = [];
  for (const a of o.allow ?? []) {
    const p = parseValuePattern(a);
    if ('literal' in p) allowLiterals.add(p.literal);
    else allowRegexes.push(new RegExp(`^(?:${p.regex.source})$`, p.regex.flags));
  }
  // Deny regexes are compiled once, global, for findDenied's scan of every cell.
  const deny = (o.deny ?? []).map((d) => {
    const p = parseValuePattern(d);
    return 'literal' in p ? p : { regex: new RegExp(p.regex.source, p.regex.flags + 'g') };
  });
  const threshold = (type: string) => thresholds.get(type) ?? o.min_score;
  // One frozen result per (type, decision): decide runs for every entity and must not allocate.
  type Decided = { decision: AuditDecision; threshold: number };
  const decided = new Map<string, Record<AuditDecision, Decided>>();
  const resultsFor = (type: string): Record<AuditDecision, Decided> => {
    let r = decided.get(type);
    if (!r) {
      const t = threshold(type);
      const of = (decision: AuditDecision, th = t) => Object.freeze({ decision, threshold: th });
      r = { redacted: of('redacted', type === DENY_TYPE ? 0 : t), below_threshold: of('below_threshold'), allow_listed: of('allow_listed'), type_not_selected: of('type_not_selected') };
      decided.set(type, r);
    }
    return r;
  };
  const usesValue = allowLiterals.size > 0 || allowRegexes.length > 0;
  return {
    deny,
    usesValue,
    threshold,
    operatorFor: (type) => ops.get(type) ?? defaultOp,
    decide(type, score, value) {
      const r = resultsFor(type);
      if (type === DENY_TYPE) return r.redacted;
      if (only && !only.has(type)) return r.type_not_selected;
      if (usesValue && (allowLiterals.has(value) || allowLiterals.has(value.trim()) || allowRegexes.some((re) => re.test(value)))) {
        return r.allow_listed;
      }
      if (score < r.redacted.threshold) return r.below_threshold;
      return r.redacted;
    },
  };
}

/** Type of entities created by the deny list. */
export const DENY_TYPE = 'CUSTOM:DENY_LIST';

/** Finds every deny-list occurrence in `text` (UTF-16 offsets). */
export function findDenied(text: string, deny: Policy['deny']): { begin: number; end: number }[] {
  const out: { begin: number; end: number }[] = [];
  for (const d of deny) {
    if ('literal' in d) {
      if (!d.literal) continue;
      for (let i = text.indexOf(d.literal); i >= 0; i = text.indexOf(d.literal, i + d.literal.length)) {
        out.push({ begin: i, end: i + d.literal.length });
      }
    } else {
      for (const m of text.matchAll(d.regex)) if (m[0].length > 0) out.push({ begin: m.index, end: m.index + m[0].length });
    }
  }
  return out;
}
