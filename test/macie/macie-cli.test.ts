// `redactflow macie pull|check` and `redactflow audit macie-findings` as real processes, with the real macie2
// client against a local REST-JSON stand-in (macie-server.ts); plus a redact step combining the local and
// macie_custom detectors.
import { runCli } from '../helpers/cli.ts';
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { filterFindings, readFindingsFile, residualDetections } from '../../src/macie/findings.ts';
import { startMacieStub, sensitiveFinding, type MacieStub, type StoredIdentifier } from './macie-server.ts';

const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'secret', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };

const cli = (args: string[]) => runCli(args, { env: AWS_ENV });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rf-macie-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const IDENTIFIERS: StoredIdentifier[] = [
  { id: 'id-emp', name: 'Employee ID', regex: 'EMP-\\d{6}', keywords: ['employee'], maximumMatchDistance: 30, description: 'HR ids' },
  { id: 'id-acct', name: 'Account ref', regex: '(?<=ACCT:)\\d{8}' },
  { id: 'id-tkt', name: 'Ticket', regex: 'TKT-[A-Z0-9]{6}', ignoreWords: ['TEST'] },
  { id: 'id-old', name: 'Old', regex: 'OLD-\\d+', deleted: true },
  { id: 'id-proj', name: 'Project', regex: 'PRJ-\\d{4}' },
];

describe('macie pull', () => {
  let stub: MacieStub;
  beforeAll(async () => {
    stub = await startMacieStub({ identifiers: IDENTIFIERS, vanished: ['id-gone'] });
  });
  afterAll(() => stub.close());

  it('lists every page, drops deleted and vanished ids, and writes full definitions', async () => {
    const out = join(dir, 'pulled.json');
    const r = await cli(['macie', 'pull', '-o', out, '--endpoint', stub.endpoint, '--region', 'us-east-1']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('skipped identifier id-gone (not_found)');
    expect(r.stderr).toContain('wrote 4 custom data identifiers');
    const pulled = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
    expect(pulled.map((p) => p.name)).toEqual(['Account ref', 'Employee ID', 'Project', 'Ticket']);
    expect(pulled[1]).toEqual({
      name: 'Employee ID', regex: 'EMP-\\d{6}', keywords: ['employee'], maximumMatchDistance: 30, description: 'HR ids',
      id: 'id-emp', arn: 'arn:aws:macie2:us-east-1:111122223333:custom-data-identifier/id-emp',
    });
    const lists = stub.requests.filter((q) => q.path === '/custom-data-identifiers/list');
    expect(lists.map((q) => q.body.nextToken)).toEqual([undefined, '2', '4']); // 5 listed ids, 2 per page
    const batch = stub.requests.filter((q) => q.path === '/custom-data-identifiers/get');
    expect(batch).toHaveLength(1);
    expect(batch[0].body.ids).toEqual(['id-emp', 'id-acct', 'id-tkt', 'id-proj', 'id-gone']);
    const gets = stub.requests.filter((q) => q.method === 'GET').map((q) => q.path);
    expect(gets).toEqual(['/custom-data-identifiers/id-emp', '/custom-data-identifiers/id-acct', '/custom-data-identifiers/id-tkt', '/custom-data-identifiers/id-proj']);
  });
});

describe('macie check', () => {
  let stub: MacieStub;
  beforeAll(async () => {
    stub = await startMacieStub({
      // "Macie": rejects lookbehind; counts Employee IDs like we do; finds one more Ticket on line 3 than we
      // do (a dialect difference made visible); agrees on the rest.
      test: ({ regex, sampleText }) => {
        if (regex.includes('(?<=')) return { error: 'ValidationException', message: 'The regex is not valid.' };
        if (regex.startsWith('EMP')) return sampleText.includes('employee') ? (sampleText.match(/EMP-\d{6}/g) ?? []).length : 0;
        if (regex.startsWith('TKT')) return (sampleText.match(/TKT-[A-Z0-9]{6}/g) ?? []).length;
        return (sampleText.match(/PRJ-\d{4}/g) ?? []).length;
      },
    });
  });
  afterAll(() => stub.close());

  it('reports count differences, regexes Macie rejects, and JS-only constructs; exit 1', async () => {
    const ids = join(dir, 'ids.json');
    writeFileSync(ids, JSON.stringify(IDENTIFIERS.filter((i) => !i.deleted).map(({ id: _id, deleted: _d, ...rest }) => rest)));
    const samples = join(dir, 'samples.txt');
    writeFileSync(samples, ['employee EMP-123456 and PRJ-0001', '', 'ACCT:12345678', 'TKT-TEST01 TKT-AB12CD'].join('\n'));
    const r = await cli(['macie', 'check', ids, '--samples', samples, '--endpoint', stub.endpoint]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('identifier "Employee ID": agree (3 samples; matches local 1, Macie 1)');
    expect(r.stdout).toContain('identifier "Project": agree');
    expect(r.stdout).toMatch(/identifier "Account ref": DIFFERS[^\n]*\n {2}Macie: TestCustomDataIdentifier failed: ValidationException \(HTTP 400\): The regex is not valid\.\n {2}dialect \(differs\): \(\?<= at 0: lookbehind/);
    expect(r.stdout).toMatch(/identifier "Ticket": DIFFERS \(3 samples; matches local 1, Macie 2\)\n {2}sample line 4: local 1, Macie 2/);
    expect(r.stdout).toContain('2 of 4 identifiers differ between JavaScript and Macie');
    // samples are never echoed
    expect(r.stdout).not.toContain('TKT-AB12CD');
    const tests = stub.requests.filter((q) => q.path === '/custom-data-identifiers/test');
    // 3 samples × 3 identifiers + one call for the rejected regex (Macie is not asked again after a rejection)
    expect(tests).toHaveLength(10);
    expect(tests[0].body).toEqual({ regex: 'EMP-\\d{6}', sampleText: 'employee EMP-123456 and PRJ-0001', keywords: ['employee'], maximumMatchDistance: 30 });
  });
});

describe('audit macie-findings', () => {
  let stub: MacieStub;
  const cells = (list: { row: number; column: number; columnName: string }[]) => ({ cells: list.map((c) => ({ ...c, cellReference: null })) });
  beforeAll(async () => {
    stub = await startMacieStub({
      findings: [
        sensitiveFinding('f-csv', 'out-bucket', 'redacted/part-0.csv', {
          sensitiveData: [{ category: 'PERSONAL_INFORMATION', totalCount: 3, detections: [
            { type: 'EMAIL_ADDRESS', count: 2, occurrences: cells([{ row: 3, column: 25, columnName: 'pii_redacted' }, { row: 6, column: 25, columnName: 'pii_redacted' }]) },
            { type: 'USA_SOCIAL_SECURITY_NUMBER', count: 1, occurrences: cells([{ row: 4, column: 2, columnName: 'notes' }]) },
          ] }],
          customDataIdentifiers: { totalCount: 1, detections: [{ name: 'Employee ID', arn: 'arn:x', count: 1, occurrences: cells([{ row: 5, column: 25, columnName: 'pii_redacted' }]) }] },
        }),
        sensitiveFinding('f-jsonl', 'out-bucket', 'redacted/part-1.jsonl', {
          sensitiveData: [{ category: 'PERSONAL_INFORMATION', totalCount: 1, detections: [
            { type: 'PHONE_NUMBER', count: 1, occurrences: { records: [{ recordIndex: 0, jsonPath: '$.pii_redacted' }] } },
          ] }],
        }),
        sensitiveFinding('f-other-prefix', 'out-bucket', 'raw/input.csv', { sensitiveData: [{ category: 'PERSONAL_INFORMATION', detections: [{ type: 'NAME', count: 1 }] }] }),
        sensitiveFinding('f-other-bucket', 'another', 'redacted/x.csv', { sensitiveData: [{ category: 'PERSONAL_INFORMATION', detections: [{ type: 'NAME', count: 1 }] }] }),
        { ...sensitiveFinding('f-policy', 'out-bucket', 'redacted/part-0.csv', {}), category: 'POLICY', type: 'Policy:IAMUser/S3BucketPublic' },
      ],
    });
  });
  afterAll(() => stub.close());

  it('reports residual detections by file, row and column next to our audit; exit 1', async () => {
    const audit = join(dir, 'audit.jsonl');
    const rec = (row: number, column: string, decision: string, type: string) =>
      JSON.stringify({ version: 1, run_id: 'r', flow_sha256: 'x', file: 'in.csv', row, column, begin: 0, end: 4, type, score: 0.4, threshold: 0.5, decision, operator: decision === 'redacted' ? 'replace' : null, detector: { name: 'local', version: '1' } });
    writeFileSync(audit, [rec(2, 'pii_col', 'below_threshold', 'EMAIL'), rec(2, 'pii_col', 'redacted', 'NAME'), rec(3, 'pii_col', 'redacted', 'NAME'), rec(4, 'pii_col', 'redacted', 'NAME'), rec(9, 'pii_col', 'redacted', 'NAME')].join('\n') + '\n');
    const r = await cli(['audit', 'macie-findings', '--bucket', 'out-bucket', '--prefix', 'redacted/', '--audit', audit, '--column-map', 'pii_redacted=pii_col', '--endpoint', stub.endpoint]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('Macie sensitive-data findings for s3://out-bucket/redacted/: 2 findings, 5 residual detections in 2 files');
    expect(lines.slice(1)).toEqual([
      's3://out-bucket/redacted/part-0.csv  row 2 (Macie row 3), column 25 pii_redacted  EMAIL_ADDRESS  | our audit: 1 redacted, kept below_threshold 1 in this cell',
      's3://out-bucket/redacted/part-0.csv  row 3 (Macie row 4), column 2 notes  USA_SOCIAL_SECURITY_NUMBER  | our audit: nothing in this cell (row: 1 redacted in pii_col)',
      's3://out-bucket/redacted/part-0.csv  row 4 (Macie row 5), column 25 pii_redacted  CUSTOM:Employee ID  | our audit: 1 redacted in this cell',
      's3://out-bucket/redacted/part-0.csv  row 5 (Macie row 6), column 25 pii_redacted  EMAIL_ADDRESS  | our audit: nothing on this row',
      's3://out-bucket/redacted/part-1.jsonl  row 1 (record 0, $.pii_redacted), column pii_redacted  PHONE_NUMBER  | our audit: nothing on this row',
    ]);
    const list = stub.requests.filter((q) => q.path === '/findings');
    expect(list[0].body.findingCriteria).toEqual({ criterion: { category: { eq: ['CLASSIFICATION'] }, 'resourcesAffected.s3Bucket.name': { eq: ['out-bucket'] } } });
    expect(list.map((q) => q.body.nextToken)).toEqual([undefined, '2']); // 4 findings on the bucket, 2 per page
    const describe = stub.requests.filter((q) => q.path === '/findings/describe');
    // the POLICY finding is filtered out server-side by the category criterion, the raw/ one client-side
    expect(describe[0].body.findingIds).toEqual(['f-csv', 'f-jsonl', 'f-other-prefix']);
  });

  it('reads findings from a file (EventBridge events, GetFindings response), filtered by bucket and prefix', async () => {
    const events = join(dir, 'events.json');
    const f = sensitiveFinding('f-e', 'b', 'clean/x.csv', { sensitiveData: [{ category: 'FINANCIAL_INFORMATION', detections: [{ type: 'CREDIT_CARD_NUMBER', count: 1, occurrences: cells([{ row: 2, column: 1, columnName: 'card' }]) }] }] });
    writeFileSync(events, JSON.stringify([{ 'detail-type': 'Macie Finding', detail: f }]));
    const fromEvents = await readFindingsFile(events);
    expect(residualDetections(filterFindings(fromEvents, { bucket: 'b', prefix: 'clean/' }))).toEqual([
      { file: 's3://b/clean/x.csv', findingId: 'f-e', type: 'CREDIT_CARD_NUMBER', row: 1, column: 'card', macie: { kind: 'cell', row: 2, column: 1, columnName: 'card' } },
    ]);
    expect(filterFindings(fromEvents, { prefix: 'other/' })).toEqual([]);
    expect(residualDetections(fromEvents, { headerRows: 0 })[0].row).toBe(2);
    const response = join(dir, 'response.json');
    writeFileSync(response, JSON.stringify({ findings: [{ ...f, classificationDetails: { result: { sensitiveData: [{ detections: [{ type: 'NAME', count: 7 }] }] } } }] }));
    expect(residualDetections(await readFindingsFile(response))).toEqual([
      { file: 's3://b/clean/x.csv', findingId: 'f-e', type: 'NAME', row: null, column: null, macie: { kind: 'count', count: 7 } },
    ]);
    writeFileSync(response, '{"nope": 1}');
    await expect(readFindingsFile(response)).rejects.toThrow(/expected a GetFindings response/);
  });
});

describe('detectors: [local, macie_custom] in one redact step', () => {
  it('redacts both detectors\' entities from one column', async () => {
    writeFileSync(join(dir, 'hr-ids.json'), JSON.stringify([{ name: 'Employee ID', regex: 'EMP-\\d{6}', keywords: ['employee'], maximumMatchDistance: 30 }]));
    writeFileSync(join(dir, 'in.csv'), 'id,text\n1,Employee EMP-123456 wrote from jane.doe@example.com\n2,ticket EMP-654321 has no keyword\n3,nothing here\n');
    writeFileSync(
      join(dir, 'combo.yaml'),
      [
        'version: 1',
        'source: { path: in.csv }',
        'steps:',
        '  - redact:',
        '      columns: [text]',
        '      detectors: [local, { type: macie_custom, identifiers: hr-ids.json }]',
        'sink: { path: out.csv }',
        'audit: { path: out.audit.jsonl }',
      ].join('\n'),
    );
    const r = await cli(['run', join(dir, 'combo.yaml'), '--log-format', 'json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(dir, 'out.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(rows.map((x) => x.text)).toEqual(['Employee [CUSTOM:Employee_ID] wrote from [EMAIL]', 'ticket EMP-654321 has no keyword', 'nothing here']);
    const audit = readFileSync(join(dir, 'out.audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; detector: { name: string }; decision: string });
    expect(audit.filter((a) => a.decision === 'redacted').map((a) => [a.type, a.detector.name]).sort()).toEqual([['CUSTOM:Employee_ID', 'macie_custom'], ['EMAIL', 'local']]);
  });
});
