// Errors of the Data Wrangler importer. Every problem names the flow file, and when it is about one node, the
// node id and its operator, so the user can find it in Data Wrangler's UI (never any data: a .flow holds none
// except code, and we quote no code either).
import { RedactflowError } from '../errors.ts';

export interface DwNodeRef {
  nodeId: string;
  operator: string;
  /** Display name given in the UI (custom code nodes), when present. */
  name?: string;
}

export class DataWranglerImportError extends RedactflowError {
  readonly file: string;
  readonly nodeId?: string;
  readonly operator?: string;
  constructor(file: string, why: string, node?: DwNodeRef) {
    const where = node
      ? `node ${node.nodeId} (${node.operator}${node.name ? `, "${node.name}"` : ''}): `
      : '';
    super('FLOW_INVALID', `${file}: Data Wrangler import: ${where}${why}`, { exitCode: 2 });
    this.file = file;
    this.nodeId = node?.nodeId;
    this.operator = node?.operator;
  }
}
