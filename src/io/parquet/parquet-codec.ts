// Placeholder until the Parquet backend lands (same commit series).
import { RedactflowError } from '../../errors.ts';
import type { FormatCodec } from '../table-io.ts';

const unsupported = (): never => {
  throw new RedactflowError('UNSUPPORTED_FORMAT', 'parquet support is not built yet');
};
export const parquetCodec: FormatCodec = { format: 'parquet', needsRandomAccess: true, read: unsupported, createWriter: unsupported };
