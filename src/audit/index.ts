// The audit's library API (re-exported from src/index.ts): read, summarize, report, verify, diff, rescan, merge.
export { openAuditWriter, summaryPathFor, reportPathFor, type AuditWriter, type AuditRunInfo } from './audit-writer.ts';
export { readAudit, detectAuditFormat, AuditInvalidError, type AuditFormat } from './read-audit.ts';
export { AuditStats, type AuditStatsJson, type NearMiss } from './audit-stats.ts';
export { summarizeAudit, formatSummary } from './summarize.ts';
export { writeReport, renderReport, type ReportOptions } from './report.ts';
export { verifyAudit, type VerifyOptions, type VerifyResult, type Discrepancy } from './verify.ts';
export { checkCell, checkRedactedText, type CellCheck, type RedactedSpan } from './cell-check.ts';
export { diffAudits, type AuditDiff, type DiffCounts } from './diff.ts';
export { rescanOutput, type RescanOptions, type RescanResult, type Residual } from './rescan.ts';
export { mergeAudits, type MergeOptions, type MergeResult } from './merge.ts';
export { lookupFingerprints, type LookupHit } from './lookup.ts';
export { manifestPathFor, readManifest, type AuditManifest } from './manifest.ts';
export { genesisFor, recordHash, ChainChecker } from './chain.ts';
export { canonicalJson } from './canonical-json.ts';
