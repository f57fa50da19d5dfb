// Placeholder until the Arrow backend lands (same commit series).
import { RedactflowError } from '../../errors.ts';
import type { FormatCodec } from '../table-io.ts';

const unsupported = (): never => {
  throw new RedactflowError('UNSUPPORTED_FORMAT', 'arrow support is not built yet');
};
export const arrowFileCodec: FormatCodec = { format: 'arrow', needsRandomAccess: false, read: unsupported, createWriter: unsupported };
export const arrowStreamCodec: FormatCodec = { format: 'arrows', needsRandomAccess: false, read: unsupported, createWriter: unsupported };
