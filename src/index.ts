// The library: run flows from code, or redact rows an ETL job already has.
export { runFlow, preRedactionBatches, type RunOptions, type RunProgress } from './flow/run-flow.ts';
export { loadFlow, parseFlow, type LoadedFlow, type ResolvedStep } from './flow/load-flow.ts';
export { flowJsonSchema } from './flow/flow-json-schema.ts';
export { createRedactor, type RedactorOptions, type LibraryRedactor } from './redact/create-redactor.ts';
export { createDetector } from './detect/create-detector.ts';
export type { Detector, Entity, DetectResult, DecisionExplanation, DetectOptions, DetectorStats } from './detect/detector.ts';
export { PII_TYPES, type PiiType } from './detect/pii-types.ts';
export type { AnyDetectorConfig, LocalDetectorConfig, ComprehendDetectorConfig } from './detect/detector-config.ts';
export { openSource, openSink, inferFormat } from './io/open-table.ts';
export type { SourceSpec, SinkSpec, TableSource, TableSink, TableFormat } from './io/table-io.ts';
export type { Batch, Row, Cell, Field, ColumnType } from './table/batch.ts';
export type { AuditRecord, AuditDecision } from './audit/audit-record.ts';
export type { RunSummary } from './run-summary.ts';
export { builtInTransforms } from '../transforms/index.ts';
export { defineTransform, type TransformDefinition, type Stage } from '../transforms/transform.ts';
export type { StepContext } from './flow/step-context.ts';
export { RedactflowError, FlowValidationError, InputError, DetectorError, type ErrorCode } from './errors.ts';
export { utf16ToCodePoint, codePointToUtf16 } from './text/offsets.ts';
