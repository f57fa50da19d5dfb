// The Data Wrangler importer on the seed's real .flow and on variants of it (malformed graphs, other operators).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { convertDataWranglerFlow } from '../../src/dw-import/convert-flow.ts';
import { DataWranglerImportError } from '../../src/dw-import/dw-errors.ts';
import { parsePySparkConcat, toTemplate } from '../../src/dw-import/pyspark-concat.ts';

const SEED_PATH = resolve(import.meta.dirname, '../../../shared/reference/redact-pii.flow');
const seedText = readFileSync(SEED_PATH, 'utf8');

type DwNode = { node_id: string; type: string; operator: string; parameters: Record<string, unknown>; inputs: { name: string; node_id: string; output_name: string }[]; outputs?: unknown[]; trained_parameters?: Record<string, unknown> };
type Dw = { metadata: Record<string, unknown>; nodes: DwNode[] };

const seed = (): Dw => JSON.parse(seedText) as Dw;
const ID = {
  source: '5ed4815f-8bcc-4d85-a786-0b91f07b605b',
  cast: 'dcfd66e0-e081-4136-a6bf-af5f0fa4c443',
  sample: '7d08360b-c216-4150-a8a5-a080b8311ffa',
  concat: '6b5747fb-a779-44f2-93de-a4690052e15a',
  prep: '39b7cb6e-0af0-45f1-864e-5c0b3fa161fe',
  redact: '8c3966bd-872e-47a1-8dfe-de8ad315d353',
};
const node = (dw: Dw, id: string) => dw.nodes.find((n) => n.node_id === id)!;
const edge = (id: string) => [{ name: 'df', node_id: id, output_name: 'default' }];

function convertError(dw: unknown): DataWranglerImportError {
  try {
    convertDataWranglerFlow(dw, { file: 'bad.flow' });
  } catch (e) {
    expect(e).toBeInstanceOf(DataWranglerImportError);
    return e as DataWranglerImportError;
  }
  throw new Error('expected the import to fail');
}

/** The seed up to the cast node, then `extra` nodes chained after it. */
function castThen(...extra: Omit<DwNode, 'inputs' | 'type'>[]): Dw {
  const dw = seed();
  const nodes = [node(dw, ID.source), node(dw, ID.cast)];
  let prev = ID.cast;
  for (const e of extra) {
    nodes.push({ ...e, type: 'TRANSFORM', inputs: edge(prev) });
    prev = e.node_id;
  }
  return { metadata: dw.metadata, nodes };
}

describe('the seed flow (shared/reference/redact-pii.flow)', () => {
  const { flow, warnings } = convertDataWranglerFlow(JSON.parse(seedText), { file: SEED_PATH });

  it('becomes source → cast → sample → combine_columns → redact, in edge order', () => {
    expect(flow.version).toBe(1);
    expect(flow.source).toEqual({
      path: 's3://aws-ml-blog/artifacts/fraud-detector-transaction-fraud-insights/synthetic_txn_data_new.csv',
      format: 'csv',
      csv: { header: true, delimiter: ',' },
    });
    const steps = flow.steps as Record<string, Record<string, unknown>>[];
    expect(steps.map((s) => Object.keys(s)[0])).toEqual(['cast', 'sample', 'combine_columns', 'redact']);
    const cast = steps[0].cast.columns as Record<string, string>;
    expect(Object.keys(cast)).toHaveLength(23);
    expect(cast).toMatchObject({ EVENT_TIMESTAMP: 'datetime', EVENT_LABEL: 'long', billing_latitude: 'double', order_price: 'double', customer_name: 'string' });
    expect(steps[1].sample).toEqual({ size: 1000, seed: 1 });
    expect(steps[2].combine_columns).toEqual({
      output: 'pii_col',
      template: '{customer_name} is a {customer_job} who lives at {billing_street} and can be emailed at {customer_email}',
      nulls: 'null',
    });
    expect(steps[3].redact).toEqual({
      columns: ['pii_col'],
      output: { pii_col: 'pii_redacted' },
      detector: { type: 'comprehend', language: 'en', region: 'us-east-1' },
      min_score: 0,
      operator: { type: 'replace', template: '[{type}]' },
    });
    expect(flow.sink).toEqual({ path: 'redact-pii-redacted.csv', format: 'csv' });
    expect(flow.audit).toEqual({ path: 'redact-pii-redacted.audit.jsonl' });
  });

  it('warns about Spark concat nulls, the missing threshold, the dropped truncation and the default sink', () => {
    const text = warnings.join('\n');
    expect(warnings.find((w) => w.includes(ID.concat))).toMatch(/nulls: null.*consider nulls: empty/);
    expect(warnings.find((w) => w.includes(ID.redact) && w.includes('min_score'))).toMatch(/min_score: 0; consider min_score: 0\.5/);
    expect(warnings.find((w) => w.includes(ID.prep))).toMatch(/packing.*truncates.*never truncates.*"pii_col_prep" is not produced/);
    expect(text).toMatch(/preview sampling is ignored/);
    expect(text).toMatch(/no destination node: output goes to redact-pii-redacted\.csv/);
  });

  it('recognises the UDFs by their code, not their display names', () => {
    const dw = seed();
    (node(dw, ID.prep).parameters as { name: string }).name = 'Step A';
    (node(dw, ID.redact).parameters as { name: string }).name = 'Step B';
    expect(convertDataWranglerFlow(dw, { file: 'renamed.flow' }).flow.steps).toEqual(flow.steps);
    // ...and a node named "Redact PII" whose code does something else is refused.
    const other = seed();
    const udf = node(other, ID.redact).parameters.udf_parameters as { pandas_code: string };
    udf.pandas_code = 'import pandas as pd\ndef custom_func(series):\n  return series.str.upper()';
    const err = convertError(other);
    expect(err.nodeId).toBe(ID.redact);
    expect(err.message).toContain(`node ${ID.redact} (sagemaker.spark.custom_code_0.1, "Redact PII"): custom UDF not recognised`);
  });
});

describe('malformed flows fail naming the node', () => {
  it('missing edge target', () => {
    const dw = seed();
    node(dw, ID.sample).inputs = edge('no-such-node');
    const err = convertError(dw);
    expect(err.code).toBe('FLOW_INVALID');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      `bad.flow: Data Wrangler import: node ${ID.sample} (sagemaker.spark.sampling_0.1): input edge points to node no-such-node, which is not in the flow`,
    );
  });

  it('cycle', () => {
    const dw = seed();
    node(dw, ID.cast).inputs = edge(ID.concat); // cast ← concat ← sample ← cast
    const err = convertError(dw);
    expect(err.message).toMatch(/input edges form a cycle/);
    for (const id of [ID.cast, ID.sample, ID.concat]) expect(err.message).toContain(id);
    expect(err.message).not.toContain(ID.source + ' (');
    expect([ID.cast, ID.sample, ID.concat]).toContain(err.nodeId);
  });

  it('unknown operator', () => {
    const dw = seed();
    node(dw, ID.sample).operator = 'sagemaker.spark.handle_outliers_0.1';
    const err = convertError(dw);
    expect(err.nodeId).toBe(ID.sample);
    expect(err.operator).toBe('sagemaker.spark.handle_outliers_0.1');
    expect(err.message).toContain(`node ${ID.sample} (sagemaker.spark.handle_outliers_0.1): unknown operator`);
  });

  it('no source, two sources, join, branch, not a flow', () => {
    const noSource = seed();
    noSource.nodes = noSource.nodes.filter((n) => n.node_id !== ID.source);
    node(noSource, ID.cast).inputs = [];
    expect(convertError(noSource).message).toContain(`node ${ID.cast} (sagemaker.spark.infer_and_cast_type_0.1): has no input edge but is not a SOURCE node`);

    const empty = { metadata: { version: 1 }, nodes: [] };
    expect(convertError(empty).message).toContain('the flow has no SOURCE node');

    const two = seed();
    two.nodes.push({ ...node(two, ID.source), node_id: 'src-2' });
    expect(convertError(two).message).toMatch(/2 SOURCE nodes/);

    const join = seed();
    join.nodes.push({ ...node(join, ID.source), node_id: 'src-2' });
    node(join, ID.sample).inputs = [...edge(ID.cast), ...edge('src-2')];
    const jerr = convertError(join);
    expect(jerr.message).toMatch(/SOURCE nodes|join/);

    const branch = seed();
    branch.nodes.push({ ...node(branch, ID.sample), node_id: 'sample-2', inputs: edge(ID.cast) });
    const berr = convertError(branch);
    expect(berr.nodeId).toBe(ID.cast);
    expect(berr.message).toMatch(/feeds 2 nodes/);

    expect(convertError({ nodes: 'x' }).message).toMatch(/not a Data Wrangler flow/);
  });

  it('untrained cast, unsupported sampling, unparsable PySpark, prep without a redaction after it', () => {
    const untrained = seed();
    delete node(untrained, ID.cast).trained_parameters;
    expect(convertError(untrained).message).toContain(`node ${ID.cast} (sagemaker.spark.infer_and_cast_type_0.1): has no trained_parameters.schema`);

    const strat = seed();
    node(strat, ID.sample).parameters = { sampling_method: 'Stratified', stratified_parameters: { sample_fraction: 0.1 } };
    expect(convertError(strat).message).toMatch(/sampling method "Stratified" has no native equivalent/);

    const py = seed();
    (node(py, ID.concat).parameters.pyspark_parameters as { code: string }).code =
      'from pyspark.sql.functions import upper, col\ndf = df.withColumn("x", upper(col("customer_name")))';
    expect(convertError(py).message).toContain(`node ${ID.concat} (sagemaker.spark.custom_code_0.1, "Make PII column"): custom PySpark code is not translated: withColumn computes upper(...)`);

    const twoStatements = seed();
    (node(twoStatements, ID.concat).parameters.pyspark_parameters as { code: string }).code =
      'from pyspark.sql.functions import concat, col\ndf = df.withColumn("a", concat(col("customer_name")))\ndf = df.filter(df.a.isNotNull())';
    expect(convertError(twoStatements).message).toMatch(/more than one statement/);

    const dangling = seed();
    dangling.nodes = dangling.nodes.filter((n) => n.node_id !== ID.redact);
    expect(convertError(dangling).message).toContain(`node ${ID.prep} (sagemaker.spark.custom_code_0.1, "Prep for redaction"): appends a row delimiter that no later node splits off`);

    const missingCol = seed();
    (node(missingCol, ID.concat).parameters.pyspark_parameters as { code: string }).code =
      'from pyspark.sql.functions import concat, col\ndf = df.withColumn("pii_col", concat(col("no_such_column")))';
    expect(convertError(missingCol).message).toMatch(/uses column "no_such_column", which does not exist/);
  });
});

describe('other operators', () => {
  it('manage columns: drop, rename, move (→ select over the known columns), duplicate', () => {
    const mc = (id: string, parameters: Record<string, unknown>) => ({ node_id: id, operator: 'sagemaker.spark.manage_columns_0.1', parameters });
    const dw = castThen(
      mc('d', { operator: 'Drop column', drop_column_parameters: { column_to_drop: ['user_agent', 'merchant'] } }),
      mc('r', { operator: 'Rename column', rename_column_parameters: { input_column: 'phone', new_name: 'phone_number' } }),
      mc('m', { operator: 'Move column', move_column_parameters: { move_type: 'Move to start', move_to_start_parameters: { column_to_move: 'customer_email' } } }),
      mc('a', { operator: 'Move column', move_column_parameters: { move_type: 'Move after', move_after_parameters: { column_to_move: 'EVENT_ID', target_column: 'merchant' } } }),
    );
    const err = convertError(dw);
    expect(err.nodeId).toBe('a');
    expect(err.message).toMatch(/uses column "merchant", which does not exist/);

    (dw.nodes[5].parameters.move_column_parameters as { move_after_parameters: { target_column: string } }).move_after_parameters.target_column = 'payment_currency';
    dw.nodes.push({ node_id: 'dup', type: 'TRANSFORM', operator: 'sagemaker.spark.manage_columns_0.1', inputs: edge('a'), parameters: { operator: 'Duplicate column', duplicate_column_parameters: { input_column: 'customer_name', new_name: 'name_copy' } } });
    const { flow, warnings } = convertDataWranglerFlow(dw, { file: 'mc.flow' });
    const steps = flow.steps as Record<string, Record<string, unknown>>[];
    expect(steps[1]).toEqual({ drop: { columns: ['user_agent', 'merchant'] } });
    expect(steps[2]).toEqual({ rename: { mapping: { phone: 'phone_number' } } });
    const first = (steps[3].select as { columns: string[] }).columns;
    expect(first[0]).toBe('customer_email');
    expect(first).toHaveLength(21);
    expect(first).toContain('phone_number');
    const second = (steps[4].select as { columns: string[] }).columns;
    expect(second.slice(-2)).toEqual(['payment_currency', 'EVENT_ID']);
    expect(steps[5]).toEqual({ combine_columns: { output: 'name_copy', template: '{customer_name}', nulls: 'null' } });
    expect(warnings.join('\n')).toMatch(/"name_copy" is text/);
  });

  it('sampling variants, concat_ws with an F alias and tricky literals, an S3 destination', () => {
    const dw = castThen(
      { node_id: 'lim', operator: 'sagemaker.spark.sampling_0.1', parameters: { sampling_method: 'Limit', limit_parameters: { sample_size: 50 } } },
      { node_id: 'apx', operator: 'sagemaker.spark.sampling_0.1', parameters: { sampling_method: 'Approximate', approximate_parameters: { sample_fraction: 0.25, seed: 9 } } },
      {
        node_id: 'ws',
        operator: 'sagemaker.spark.custom_code_0.1',
        parameters: {
          operator: 'Python (PySpark)',
          pyspark_parameters: {
            code: [
              'import pyspark.sql.functions as F  # alias',
              "df = df.withColumn('note', F.concat_ws(' | ',",
              "    F.col('customer_name'), F.lit('a {b}, (c)\\n'),  # comment, with ) and ,",
              '    df["phone"]))',
            ].join('\n'),
          },
        },
      },
    );
    dw.nodes.push({
      node_id: 'dest',
      type: 'DESTINATION',
      operator: 'sagemaker.spark.s3_destination_0.1',
      inputs: edge('ws'),
      parameters: { output_config: { compression: 'none', output_path: 's3://out-bucket/redacted/', output_content_type: 'CSV', delimiter: ',' } },
    });
    const { flow, warnings } = convertDataWranglerFlow(dw, { file: '/data/flows/my.flow' });
    const steps = flow.steps as Record<string, unknown>[];
    expect(steps[1]).toEqual({ sample: { limit: 50 } });
    expect(steps[2]).toEqual({ sample: { fraction: 0.25, seed: 9 } });
    expect(steps[3]).toEqual({ combine_columns: { output: 'note', template: '{customer_name} | a {{b}}, (c)\n | {phone}', nulls: 'empty' } });
    expect(flow.sink).toEqual({ path: 's3://out-bucket/redacted/my-redacted.csv', format: 'csv' });
    expect(warnings.join('\n')).toMatch(/destination is a prefix/);
    expect(warnings.join('\n')).not.toMatch(/no destination node/);
  });

  it('a Comprehend UDF with a score threshold keeps it; without a prep node it redacts the column directly', () => {
    const dw = seed();
    dw.nodes = dw.nodes.filter((n) => n.node_id !== ID.prep);
    const red = node(dw, ID.redact);
    red.inputs = edge(ID.concat);
    const udf = red.parameters.udf_parameters as { input_col: string; pandas_code: string };
    udf.input_col = 'pii_col';
    udf.pandas_code = udf.pandas_code.replace("for e in result['Entities']:", "for e in [x for x in result['Entities'] if x['Score'] >= 0.8]:");
    const { flow, warnings } = convertDataWranglerFlow(dw, { file: 'thr.flow' });
    const redact = (flow.steps as Record<string, Record<string, unknown>>[])[3].redact;
    expect(redact.min_score).toBe(0.8);
    expect(redact.columns).toEqual(['pii_col']);
    expect(warnings.join('\n')).not.toMatch(/consider min_score/);
    expect(warnings.join('\n')).toMatch(/splits its packed text on "<R>" that no prep node appended/);
  });
});

describe('PySpark concat parser', () => {
  it('handles escapes, adjacent literals, raw strings and numbers', () => {
    const spec = parsePySparkConcat('df = df.withColumn("o", concat(col("a"), lit("x" \'y\'), lit(r"\\d"), lit(3), col("b")))');
    expect(spec.parts).toEqual([{ column: 'a' }, { literal: 'xy' }, { literal: '\\d' }, { literal: '3' }, { column: 'b' }]);
    expect(toTemplate(spec)).toBe('{a}xy\\d3{b}');
  });
  it('refuses what it does not translate', () => {
    expect(() => parsePySparkConcat('df = df.withColumn("o", concat(col("a"), upper(col("b"))))')).toThrow(/not col\(\.\.\.\) or lit/);
    expect(() => parsePySparkConcat('df2 = df.withColumn("o", concat(col("a")))')).toThrow(/assigns df2 from df/);
    expect(() => parsePySparkConcat('df = df.withColumn("o", concat(col("a"))).drop("b")')).toThrow(/unexpected code/);
    expect(() => parsePySparkConcat('df = df.withColumn(f"o{x}", concat(col("a")))')).toThrow(/f-strings/);
  });
});
