// SageMaker Data Wrangler .flow → native flow (plain data that validates against src/flow/flow-schema.ts).
//
// The graph is ordered from `inputs[].node_id` edges (nodes are stored out of order) and must be one chain
// (dw-graph.ts). Each node maps to zero or more native steps; anything that cannot be mapped fails with a
// DataWranglerImportError naming the node id, its operator and why. Lossy-but-faithful mappings (the seed's
// Spark concat nulls, its missing score threshold, dropped truncation) are returned as `warnings`.
//
// Mapped operators:
//   sagemaker.s3_source_0.1                  → source {path: s3Uri, format, csv {header, delimiter}}
//                                              (the preview `sampling` of its output is ignored)
//   sagemaker.spark.infer_and_cast_type_0.1  → cast (trained_parameters.schema; float → double, bool → boolean)
//   sagemaker.spark.sampling_0.1             → sample: Random {size, seed}, Limit {limit}, Approximate {fraction}
//   sagemaker.spark.manage_columns_0.1       → drop / rename / select (move) / combine_columns (duplicate)
//   sagemaker.spark.custom_code_0.1,
//   sagemaker.spark.custom_pyspark_0.1       → PySpark `concat`/`concat_ws` into one column → combine_columns;
//                                              the truncate+delimiter Pandas UDF → nothing (the redact step
//                                              packs cells itself), its output column aliased to its input;
//                                              a Comprehend detect_pii_entities UDF → redact (comprehend)
//   sagemaker.spark.s3_destination_0.1       → sink
// Nodes of type VISUALIZATION/ANALYSIS with no children change no data: dropped with a warning.
//
// Default sink when the flow has no destination node: `<flow name>-redacted.csv`, and the audit
// `<flow name>-redacted.audit.jsonl`, both relative paths, so they land beside the flow file (or beside the
// converted YAML) when it is run.
import { basename } from 'node:path';
import { DataWranglerImportError } from './dw-errors.ts';
import { isRecord, nodeRef, orderChain, readNodes, type DwNode } from './dw-graph.ts';
import { parsePySparkConcat, PySparkParseError, toTemplate } from './pyspark-concat.ts';
import { recognizeComprehendRedactUdf, recognizePrepUdf, type PrepUdf } from './udf-recognizers.ts';
import { validateNativeFlow } from './validate-native.ts';

export interface ConvertResult {
  flow: Record<string, unknown>;
  warnings: string[];
}

type Step = Record<string, unknown>;

interface State {
  file: string;
  warnings: string[];
  steps: Step[];
  /** Known column list at this point of the chain (null until a cast node reveals the schema). */
  columns: string[] | null;
  /** Column produced by a recognised prep UDF → the column it packs (no native column exists for it). */
  alias: Map<string, { of: string; prep: PrepUdf; node: DwNode }>;
  source?: Record<string, unknown>;
  sink?: Record<string, unknown>;
}

const CAST_TYPES: Record<string, string> = {
  string: 'string',
  long: 'long',
  int: 'long',
  integer: 'long',
  bigint: 'long',
  float: 'double',
  double: 'double',
  decimal: 'double',
  bool: 'boolean',
  boolean: 'boolean',
  datetime: 'datetime',
  date: 'datetime',
  timestamp: 'datetime',
};

export function convertDataWranglerFlow(dw: unknown, opts: { file: string }): ConvertResult {
  const file = opts.file;
  const nodes = readNodes(dw, file);
  const { chain, displayOnly } = orderChain(nodes, file);
  const st: State = { file, warnings: [], steps: [], columns: null, alias: new Map() };
  for (const n of displayOnly) warn(st, n, `display-only node (${n.type}) dropped: it changes no data`);

  for (let i = 0; i < chain.length; i++) {
    const n = chain[i];
    if (st.alias.size > 0 && !isComprehendUdfNode(n)) {
      // A node that cannot be translated at all is the more useful error: report it first.
      convertNode(st, n);
      const [out, a] = [...st.alias.entries()][0];
      fail(st, a.node, `appends the row delimiter into column "${out}", but the next node (${n.nodeId}, ${n.operator}) is not a recognised Comprehend redaction UDF that splits it off again; cannot translate`);
    }
    convertNode(st, n);
  }
  if (st.alias.size > 0) {
    const a = [...st.alias.values()][0];
    fail(st, a.node, 'appends a row delimiter that no later node splits off again (the flow ends here); cannot translate');
  }
  if (!st.source) throw new DataWranglerImportError(file, 'the flow has no SOURCE node');

  const stem = basename(file).replace(/\.flow$/i, '') || 'flow';
  const flow: Record<string, unknown> = {
    version: 1,
    name: stem,
    description: `Imported from the Data Wrangler flow ${basename(file)} by redactflow import-dw`,
    source: st.source,
    steps: st.steps,
    sink: st.sink ?? { path: `${stem}-redacted.csv`, format: 'csv' },
    audit: { path: `${stem}-redacted.audit.jsonl` },
  };
  if (!st.sink) {
    st.warnings.push(`the flow has no destination node: output goes to ${stem}-redacted.csv beside the flow (edit sink.path to change it)`);
  }
  validateNativeFlow(flow, file);
  return { flow, warnings: st.warnings };
}

function warn(st: State, n: DwNode, msg: string): void {
  st.warnings.push(`node ${n.nodeId} (${n.operator}${n.name ? `, "${n.name}"` : ''}): ${msg}`);
}

function fail(st: State, n: DwNode, why: string): never {
  throw new DataWranglerImportError(st.file, why, nodeRef(n));
}

function obj(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function requireColumns(st: State, n: DwNode, cols: string[]): void {
  for (const c of cols) {
    if (st.alias.has(c)) fail(st, n, `uses column "${c}", which only held the text packed for redaction`);
    if (st.columns && !st.columns.includes(c)) fail(st, n, `uses column "${c}", which does not exist at this point of the flow`);
  }
}

function isComprehendUdfNode(n: DwNode): boolean {
  const udf = obj(n.parameters.udf_parameters);
  const code = str(udf.pandas_code) ?? str(udf.python_code) ?? '';
  return isCustomCode(n.operator) && recognizeComprehendRedactUdf(code) !== null;
}

function isCustomCode(op: string): boolean {
  return /^sagemaker\.spark\.custom_(code|pyspark|pandas|sql)_\d/.test(op);
}

function convertNode(st: State, n: DwNode): void {
  const op = n.operator;
  if (op.startsWith('sagemaker.s3_source_')) return convertS3Source(st, n);
  if (n.type === 'SOURCE' || /_source_\d/.test(op)) fail(st, n, 'this data source is not supported (only S3 sources map to a native source)');
  if (!st.source) fail(st, n, 'comes before any source');
  if (op.startsWith('sagemaker.spark.infer_and_cast_type_')) return convertCast(st, n);
  if (op.startsWith('sagemaker.spark.sampling_')) return convertSampling(st, n);
  if (op.startsWith('sagemaker.spark.manage_columns_')) return convertManageColumns(st, n);
  if (isCustomCode(op)) return convertCustomCode(st, n);
  if (op.startsWith('sagemaker.spark.s3_destination_')) return convertS3Destination(st, n);
  fail(st, n, 'unknown operator: no native step does what it does');
}

function convertS3Source(st: State, n: DwNode): void {
  if (st.source) fail(st, n, 'a second source');
  const def = obj(n.parameters.dataset_definition);
  const ctx = obj(def.s3ExecutionContext);
  const uri = str(ctx.s3Uri);
  if (!uri) fail(st, n, 'has no dataset_definition.s3ExecutionContext.s3Uri');
  const ct = (str(ctx.s3ContentType) ?? 'csv').toLowerCase();
  const format = ct === 'csv' ? 'csv' : ct === 'parquet' ? 'parquet' : ct === 'jsonl' || ct === 'json_lines' ? 'jsonl' : undefined;
  if (!format) fail(st, n, `content type "${ct}" has no native reader (csv, parquet, jsonl)`);
  const source: Record<string, unknown> = { path: uri, format };
  if (format === 'csv') {
    const csv: Record<string, unknown> = {};
    if (typeof ctx.s3HasHeader === 'boolean') csv.header = ctx.s3HasHeader;
    const delim = str(ctx.s3FieldDelimiter);
    if (delim !== undefined) {
      const d = delim === '\\t' ? '\t' : delim;
      if (d.length !== 1) fail(st, n, `field delimiter of ${d.length} characters; the CSV reader takes one`);
      csv.delimiter = d;
    }
    if (Object.keys(csv).length) source.csv = csv;
  }
  if (ctx.s3AddsFilenameColumn === true) fail(st, n, 's3AddsFilenameColumn (a column with each row\'s file name) has no native equivalent');
  if (ctx.s3DirIncludesNested === true) warn(st, n, 's3DirIncludesNested: the native source reads the URI as given (use a prefix ending in "/" for a folder)');
  const sampled = n.outputs.some((o) => isRecord(o) && isRecord(o.sampling));
  if (sampled) warn(st, n, 'the source\'s preview sampling is ignored: the flow reads the whole dataset (Data Wrangler also does when it runs a job)');
  st.source = source;
}

function convertCast(st: State, n: DwNode): void {
  const schema = n.trainedParameters?.schema;
  if (!isRecord(schema) || Object.keys(schema).length === 0) {
    fail(st, n, 'has no trained_parameters.schema (the types were never inferred: open the flow in Data Wrangler once)');
  }
  const columns: Record<string, string> = {};
  for (const [col, t] of Object.entries(schema)) {
    const to = typeof t === 'string' ? CAST_TYPES[t.toLowerCase()] : undefined;
    if (!to) fail(st, n, `column "${col}" has type ${JSON.stringify(t)}, which has no native equivalent`);
    columns[col] = to;
  }
  // The schema lists every column of the dataset at this point: from here on the column list is known.
  if (st.columns) requireColumns(st, n, Object.keys(columns));
  else st.columns = Object.keys(columns);
  st.steps.push({ cast: { columns } });
}

function convertSampling(st: State, n: DwNode): void {
  const p = n.parameters;
  const method = str(p.sampling_method) ?? '';
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
  switch (method.toLowerCase()) {
    case 'random': {
      const rp = obj(p.random_parameters);
      const size = num(rp.sample_size);
      if (!Number.isInteger(size) || size <= 0) fail(st, n, 'Random sampling without a positive integer random_parameters.sample_size');
      const seed = rp.seed === undefined || rp.seed === null ? 1 : num(rp.seed);
      if (!Number.isInteger(seed)) fail(st, n, 'random_parameters.seed is not an integer');
      st.steps.push({ sample: { size, seed } });
      warn(st, n, `sample of ${size} rows with seed ${seed}: same size as Data Wrangler's, not the same rows (different generator)`);
      return;
    }
    case 'limit':
    case 'first_k': {
      const lp = obj(p.limit_parameters);
      const limit = num(lp.sample_size ?? lp.limit ?? lp.limit_rows);
      if (!Number.isInteger(limit) || limit < 0) fail(st, n, 'Limit sampling without a non-negative integer size');
      st.steps.push({ sample: { limit } });
      return;
    }
    case 'approximate': {
      const ap = obj(p.approximate_parameters);
      const fraction = num(ap.sample_fraction ?? ap.fraction);
      if (!(fraction > 0 && fraction <= 1)) fail(st, n, 'Approximate sampling without a sample_fraction in (0, 1]');
      const seed = ap.seed === undefined || ap.seed === null ? 1 : num(ap.seed);
      if (!Number.isInteger(seed)) fail(st, n, 'approximate_parameters.seed is not an integer');
      st.steps.push({ sample: { fraction, seed } });
      return;
    }
    default:
      fail(st, n, `sampling method "${method}" has no native equivalent (Random, Limit and Approximate do)`);
  }
}

function asList(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return [];
}

function convertManageColumns(st: State, n: DwNode): void {
  const p = n.parameters;
  const op = str(p.operator) ?? '';
  switch (op) {
    case 'Drop column': {
      const cols = asList(obj(p.drop_column_parameters).column_to_drop);
      if (!cols.length) fail(st, n, 'Drop column without drop_column_parameters.column_to_drop');
      requireColumns(st, n, cols);
      st.steps.push({ drop: { columns: cols } });
      if (st.columns) st.columns = st.columns.filter((c) => !cols.includes(c));
      return;
    }
    case 'Rename column': {
      const rp = obj(p.rename_column_parameters);
      const from = str(rp.input_column);
      const to = str(rp.new_name);
      if (!from || !to) fail(st, n, 'Rename column without rename_column_parameters.input_column and new_name');
      requireColumns(st, n, [from]);
      st.steps.push({ rename: { mapping: { [from]: to } } });
      if (st.columns) st.columns = st.columns.map((c) => (c === from ? to : c));
      return;
    }
    case 'Duplicate column': {
      const dp = obj(p.duplicate_column_parameters);
      const from = str(dp.input_column);
      const to = str(dp.new_name);
      if (!from || !to) fail(st, n, 'Duplicate column without duplicate_column_parameters.input_column and new_name');
      if (/[{}]/.test(from)) fail(st, n, 'column names with "{" or "}" cannot be duplicated through a template');
      requireColumns(st, n, [from]);
      st.steps.push({ combine_columns: { output: to, template: `{${from}}`, nulls: 'null' } });
      warn(st, n, `the copy "${to}" is text (combine_columns); add a cast step if it must keep "${from}"'s type`);
      if (st.columns) st.columns = [...st.columns.filter((c) => c !== to), to];
      return;
    }
    case 'Move column':
      return convertMove(st, n);
    default:
      fail(st, n, `manage-columns operator "${op}" has no native equivalent`);
  }
}

function convertMove(st: State, n: DwNode): void {
  const mp = obj(n.parameters.move_column_parameters);
  const type = str(mp.move_type) ?? '';
  const key = `${type.toLowerCase().replace(/\s+/g, '_')}_parameters`;
  const params = obj(mp[key]);
  const moving = asList(params.column_to_move);
  if (!moving.length) fail(st, n, `Move column (${type}) without ${key}.column_to_move`);
  if (!st.columns) {
    fail(st, n, 'Move column needs the full column list, which is unknown here (no infer_and_cast_type node before it)');
  }
  requireColumns(st, n, moving);
  const rest = st.columns.filter((c) => !moving.includes(c));
  let at: number;
  switch (type) {
    case 'Move to start': at = 0; break;
    case 'Move to end': at = rest.length; break;
    case 'Move to index': {
      const idx = typeof params.index === 'number' ? params.index : Number(params.index);
      if (!Number.isInteger(idx) || idx < 0) fail(st, n, 'Move to index without a non-negative integer index');
      at = Math.min(idx, rest.length);
      break;
    }
    case 'Move after':
    case 'Move before': {
      const target = str(params.target_column);
      if (!target) fail(st, n, `${type} without ${key}.target_column`);
      requireColumns(st, n, [target]);
      const ti = rest.indexOf(target);
      if (ti < 0) fail(st, n, `${type}: target column "${target}" is one of the moved columns`);
      at = type === 'Move after' ? ti + 1 : ti;
      break;
    }
    default:
      fail(st, n, `move type "${type}" has no native equivalent`);
  }
  const order = [...rest.slice(0, at), ...moving, ...rest.slice(at)];
  st.steps.push({ select: { columns: order } });
  st.columns = order;
}

function convertCustomCode(st: State, n: DwNode): void {
  const p = n.parameters;
  // Old flows: custom_pyspark_0.1 {code}; current: custom_code_0.1 {operator, pyspark_parameters | udf_parameters}.
  const legacy: Record<string, string> = { pyspark: 'Python (PySpark)', pandas: 'Python (Pandas)', sql: 'SQL (PySpark SQL)' };
  const legacyKind = /^sagemaker\.spark\.custom_(pyspark|pandas|sql)_/.exec(n.operator)?.[1];
  const kind = legacyKind ? legacy[legacyKind] : (str(p.operator) ?? '');
  if (kind === 'Python (PySpark)') {
    const code = str(obj(p.pyspark_parameters).code) ?? str(p.code);
    if (!code) fail(st, n, 'PySpark custom code node without code');
    let spec;
    try {
      spec = parsePySparkConcat(code);
    } catch (e) {
      if (e instanceof PySparkParseError) {
        fail(st, n, `custom PySpark code is not translated: ${e.message} (only "df = df.withColumn(name, concat(col(...), lit(...), ...))" is)`);
      }
      throw e;
    }
    const cols = spec.parts.flatMap((x) => ('column' in x ? [x.column] : []));
    requireColumns(st, n, cols);
    let template: string;
    try {
      template = toTemplate(spec);
    } catch (e) {
      fail(st, n, (e as Error).message);
    }
    const nulls = spec.fn === 'concat' ? 'null' : 'empty';
    st.steps.push({ combine_columns: { output: spec.output, template, nulls } });
    if (nulls === 'null') {
      warn(st, n, `Spark's concat makes "${spec.output}" null when any part is null, so those rows are never redacted or audited: mapped faithfully to nulls: null; consider nulls: empty`);
    }
    if (st.columns && !st.columns.includes(spec.output)) st.columns = [...st.columns, spec.output];
    return;
  }
  if (kind === 'Python (User-Defined Function)') {
    const udf = obj(p.udf_parameters);
    const code = str(udf.pandas_code) ?? str(udf.python_code) ?? '';
    const input = str(udf.input_col);
    const output = str(udf.output_col);
    if (!input || !output) fail(st, n, 'UDF without udf_parameters.input_col and output_col');
    const prep = recognizePrepUdf(code);
    if (prep) {
      requireColumns(st, n, [input]);
      st.alias.set(output, { of: input, prep, node: n });
      warn(st, n, `recognised as packing for Comprehend (appends ${JSON.stringify(prep.delimiter)} to each cell${prep.truncates ? ' and truncates it' : ''}): no step; the redact step packs cells by UTF-8 size itself${prep.truncates ? ' and never truncates (long cells are split, not cut)' : ''}; column "${output}" is not produced`);
      return;
    }
    const red = recognizeComprehendRedactUdf(code);
    if (red) {
      const packed = st.alias.get(input);
      const column = packed ? packed.of : input;
      if (packed) {
        st.alias.delete(input);
        if (red.splitOn !== undefined && red.splitOn !== packed.prep.delimiter) {
          fail(st, n, `splits on ${JSON.stringify(red.splitOn)} but the prep node ${packed.node.nodeId} appended ${JSON.stringify(packed.prep.delimiter)}`);
        }
      } else if (red.splitOn !== undefined) {
        warn(st, n, `splits its packed text on ${JSON.stringify(red.splitOn)} that no prep node appended; the redact step redacts each cell on its own`);
      }
      requireColumns(st, n, [column]);
      const detector: Record<string, unknown> = { type: 'comprehend', language: red.language === 'es' ? 'es' : 'en' };
      if (red.language && red.language !== 'en' && red.language !== 'es') {
        fail(st, n, `LanguageCode "${red.language}": Comprehend PII detection supports en and es`);
      }
      if (red.region) detector.region = red.region;
      st.steps.push({
        redact: {
          columns: [column],
          output: { [column]: output },
          detector,
          min_score: red.minScore ?? 0,
          operator: { type: 'replace', template: red.template },
        },
      });
      if (red.minScore === undefined) {
        warn(st, n, 'the seed redacts every entity Comprehend returns, however low its score: mapped to min_score: 0; consider min_score: 0.5 (or per-type thresholds under entities:)');
      }
      if (red.region) warn(st, n, `region ${red.region} was hard-coded in the UDF: kept as detector.region (remove it to use AWS_REGION)`);
      if (st.columns && !st.columns.includes(output)) st.columns = [...st.columns, output];
      return;
    }
    fail(st, n, 'custom UDF not recognised: only the truncate+delimiter prep UDF and a Comprehend detect_pii_entities redaction UDF are translated');
  }
  fail(st, n, `custom code of kind "${kind || '(none)'}" is not translated (only PySpark concat and the seed's Pandas UDFs are)`);
}

function convertS3Destination(st: State, n: DwNode): void {
  if (st.sink) fail(st, n, 'a second destination');
  const oc = obj(n.parameters.output_config);
  let path = str(oc.output_path) ?? str(n.parameters.output_path) ?? str(n.parameters.s3_output_path);
  if (!path) fail(st, n, 'destination without output_config.output_path');
  const ct = (str(oc.output_content_type) ?? 'CSV').toLowerCase();
  const format = ct === 'csv' ? 'csv' : ct === 'parquet' ? 'parquet' : ct === 'jsonl' || ct === 'json' ? 'jsonl' : undefined;
  if (!format) fail(st, n, `output content type "${ct}" has no native writer`);
  const compression = str(oc.compression);
  if (compression && compression.toLowerCase() !== 'none') fail(st, n, `compression "${compression}" has no native equivalent`);
  // Data Wrangler writes part files under a prefix; the native sink writes one object under it.
  if (path.endsWith('/')) {
    const stem = basename(st.file).replace(/\.flow$/i, '') || 'flow';
    path = `${path}${stem}-redacted.${format === 'jsonl' ? 'jsonl' : format}`;
    warn(st, n, `destination is a prefix: the output is written as one object ${path}`);
  }
  const sink: Record<string, unknown> = { path, format };
  const delim = str(oc.delimiter);
  if (format === 'csv' && delim && delim !== ',') {
    if (delim.length !== 1) fail(st, n, 'output delimiter longer than one character');
    sink.csv = { delimiter: delim };
  }
  st.sink = sink;
}
