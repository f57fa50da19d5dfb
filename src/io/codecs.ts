// Format registry. Backends load lazily so a CSV-only run never loads the Parquet or Arrow libraries.
import type { FormatCodec, TableFormat } from './table-io.ts';

export async function getCodec(format: TableFormat): Promise<FormatCodec> {
  switch (format) {
    case 'csv':
      return (await import('./csv/csv-codec.ts')).csvCodec;
    case 'jsonl':
      return (await import('./jsonl/jsonl-codec.ts')).jsonlCodec;
    case 'parquet':
      return (await import('./parquet/parquet-codec.ts')).parquetCodec;
    case 'arrow':
      return (await import('./arrow/arrow-codec.ts')).arrowFileCodec;
    case 'arrows':
      return (await import('./arrow/arrow-codec.ts')).arrowStreamCodec;
  }
}
