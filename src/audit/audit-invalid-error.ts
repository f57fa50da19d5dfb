// An audit file that cannot be read as audit records: names the file and record number, never its text.
import { RedactflowError } from '../errors.ts';

export class AuditInvalidError extends RedactflowError {
  constructor(
    readonly path: string,
    readonly record: number | null,
    what: string,
    cause?: unknown,
  ) {
    super('AUDIT_INVALID', `${path}${record !== null ? `: record ${record}` : ''}: ${what}`, cause !== undefined ? { cause } : undefined);
  }
}
