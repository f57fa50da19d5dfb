// Every error the engine raises is a RedactflowError with a stable `code`. Messages name files, rows, columns
// and entity types — never a cell's content.

export type ErrorCode =
  | 'FLOW_INVALID'
  | 'FLOW_NOT_FOUND'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_EMPTY'
  | 'INPUT_MALFORMED'
  | 'INPUT_ENCODING'
  | 'UNSUPPORTED_FORMAT'
  | 'COLUMN_MISSING'
  | 'STEP_FAILED'
  | 'OUTPUT_FAILED'
  | 'DETECTOR_FAILED'
  | 'DETECTOR_CONFIG'
  | 'REDACTION_KEY_MISSING'
  | 'AUDIT_INVALID'
  | 'AUDIT_MISMATCH'
  | 'USAGE'
  | 'ABORTED'
  | 'INTERNAL';

export class RedactflowError extends Error {
  readonly code: ErrorCode;
  /** Process exit code when this error ends a CLI command: 2 for usage/flow problems, 1 for failed runs. */
  readonly exitCode: number;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options?.exitCode ?? (code === 'FLOW_INVALID' || code === 'USAGE' || code === 'FLOW_NOT_FOUND' ? 2 : 1);
  }
}

/** One problem found while validating a flow: `path.to.field: what was expected, what was found`. */
export interface FlowIssue {
  path: string;
  message: string;
}

export class FlowValidationError extends RedactflowError {
  readonly file: string;
  readonly issues: FlowIssue[];
  constructor(file: string, issues: FlowIssue[]) {
    super('FLOW_INVALID', issues.map((i) => `${file}: ${i.path || '(root)'}: ${i.message}`).join('\n'), { exitCode: 2 });
    this.file = file;
    this.issues = issues;
  }
}

/** Input data problems: where (file, line, column) and what kind, never the offending text. */
export class InputError extends RedactflowError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  constructor(code: ErrorCode, file: string, what: string, where?: { line?: number; column?: number }) {
    const loc = where?.line !== undefined ? `:${where.line}${where.column !== undefined ? `:${where.column}` : ''}` : '';
    super(code, `${file}${loc}: ${what}`);
    this.file = file;
    this.line = where?.line;
    this.column = where?.column;
  }
}

export class DetectorError extends RedactflowError {
  readonly detector: string;
  readonly retryable: boolean;
  constructor(detector: string, message: string, options?: { cause?: unknown; retryable?: boolean; code?: ErrorCode }) {
    super(options?.code ?? 'DETECTOR_FAILED', `${detector}: ${message}`, { cause: options?.cause });
    this.detector = detector;
    this.retryable = options?.retryable ?? false;
  }
}

export function isRedactflowError(e: unknown): e is RedactflowError {
  return e instanceof RedactflowError;
}
