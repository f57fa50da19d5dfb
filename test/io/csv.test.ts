import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../src/io/csv/csv-codec.ts';
import { openSink, openSource } from '../../src/io/open-table.ts';
import { catchError, listDir, memoryInput, readAll, tempDir, trickyBatch, TRICKY_ROWS } from './io-fixtures.ts';

async function csvFile(content: string | Uint8Array, name = 'in.csv'): Promise<{ dir: string; path: string }> {
  const dir = await tempDir();
  const path = join(dir, name);
  await writeFile(path, content);
  return { dir, path };
}

async function readCsvText(content: string | Uint8Array, name = 'in.csv') {
  const { path } = await csvFile(content, name);
  return readAll(await openSource({ path }));
}

describe('CSV reader', () => {
  it('reads header, LF/CRLF, BOM, quoted delimiters, doubled quotes and quoted newlines', async () => {
    const t = await readCsvText('\uFEFFid,text\r\n1,"a,b"\r\n2,"say ""hi"""\n3,"multi\nline"\n4,plain\n');
    expect(t.fields).toEqual([{ name: 'id', type: 'string' }, { name: 'text', type: 'string' }]);
    expect(t.rows).toEqual([
      { id: '1', text: 'a,b' },
      { id: '2', text: 'say "hi"' },
      { id: '3', text: 'multi\nline' },
      { id: '4', text: 'plain' },
    ]);
    expect(t.rowNumbers).toEqual([1, 2, 3, 4]);
  });

  it('reads an unquoted empty field as null and a quoted empty field as the empty string', async () => {
    const t = await readCsvText('a,b,c\n,"",x\n"",,\n');
    expect(t.rows).toEqual([{ a: null, b: '', c: 'x' }, { a: '', b: null, c: null }]);
  });

  it('reads the last record without a trailing newline', async () => {
    const t = await readCsvText('a,b\n1,2\n3,"4"');
    expect(t.rows).toEqual([{ a: '1', b: '2' }, { a: '3', b: '4' }]);
  });

  it('reads a header-only file as an empty table with columns', async () => {
    const t = await readCsvText('a,b\n');
    expect(t.batches).toHaveLength(1);
    expect(t.fields.map((f) => f.name)).toEqual(['a', 'b']);
    expect(t.rows).toEqual([]);
  });

  it('reads .tsv with a tab delimiter and honours custom delimiter/quote', async () => {
    const tsv = await readCsvText('a\tb\n1\t"x\ty"\n', 'in.tsv');
    expect(tsv.rows).toEqual([{ a: '1', b: 'x\ty' }]);
    const { path } = await csvFile("a;b\n'1;2';3\n", 'semi.csv');
    const t = await readAll(await openSource({ path, csv: { delimiter: ';', quote: "'" } }));
    expect(t.rows).toEqual([{ a: '1;2', b: '3' }]);
  });

  it('header: false names columns column_N; duplicate header names are rejected; "__proto__" is an ordinary column', async () => {
    const { path } = await csvFile('1,2\n3,4\n', 'nohead.csv');
    const t = await readAll(await openSource({ path, csv: { header: false } }));
    expect(t.rows).toEqual([{ column_1: '1', column_2: '2' }, { column_1: '3', column_2: '4' }]);
    const dup = await csvFile('a,b,a\n1,2,3\n', 'dup.csv');
    const err = await catchError(async () => readAll(await openSource({ path: dup.path })));
    expect([err.code, err.line, err.column]).toEqual(['INPUT_MALFORMED', 1, 3]);
    const proto = await readCsvText('__proto__,x\nPOLLUTED,"1"\nP2,2\n', 'proto.csv');
    for (const row of proto.rows) {
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row)).toEqual(['__proto__', 'x']);
    }
    expect(proto.rows.map((r) => r['__proto__'])).toEqual(['POLLUTED', 'P2']);
  });

  it('rows are plain objects with the header as own keys (built by a generated constructor)', async () => {
    const t = await readCsvText('name,"con structor",constructor,"x""y",9\nAna,1,2,3,\n', 'plain.csv');
    const row = t.rows[0];
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row.constructor).toBe('2'); // an own property like any column
    expect(Object.keys(row)).toEqual(['9', 'name', 'con structor', 'constructor', 'x"y']); // integer-like keys first, as in any object
    expect(JSON.stringify(row)).toBe('{"9":null,"name":"Ana","con structor":"1","constructor":"2","x\\"y":"3"}');
    expect({ ...row }).toEqual({ name: 'Ana', 'con structor': '1', constructor: '2', 'x"y': '3', 9: null });
  });

  it('unquoted fields end at the delimiter, LF or CRLF only: a bare CR is part of the value, whatever the chunks', async () => {
    const text = 'a,b,c\r\nx\ry,,z\n\r,\r\r,"q"\r\n,,\nlast,é,end\r';
    const bytes = new TextEncoder().encode(text);
    const expected = [
      { a: 'x\ry', b: null, c: 'z' },
      { a: '\r', b: '\r\r', c: 'q' },
      { a: null, b: null, c: null },
      { a: 'last', b: 'é', c: 'end' }, // a CR at the very end of the file ends the record like CRLF
    ];
    for (const sizes of [[bytes.length], [1], [2, 3], [5]]) {
      const t = await readAll({ files: ['x'], batches: () => readCsv(memoryInput('x.csv', bytes, sizes), { batchSize: 2 }) });
      expect(t.rows).toEqual(expected);
      expect(t.rowNumbers).toEqual([1, 2, 3, 4]);
    }
  });

  it('gives the same rows whatever the chunk boundaries (multi-byte characters and quotes split)', async () => {
    const q = (v: string | null | undefined): string => `"${String(v ?? '').replaceAll('"', '""')}"`;
    const text = 'id,name,note\n' + TRICKY_ROWS.map((r, i) => `${i},${q(r.name as string)},${q(`${String(r.note)} "x" ""`)}\n`).join('') + '99,"a ""long"" one\n' + 'z'.repeat(300) + '",é👩‍👩‍👧東\n';
    const bytes = new TextEncoder().encode(text);
    const whole = await readAll({ files: ['x'], batches: (o) => readCsv(memoryInput('x.csv', bytes, [bytes.length]), { batchSize: o?.batchSize ?? 4096 }) });
    expect(whole.rows).toHaveLength(TRICKY_ROWS.length + 1);
    expect(whole.rows[1].note).toBe('family 👩‍👩‍👧 trip "x" ""');
    for (const sizes of [[1], [2, 3], [7, 1, 5], [64]]) {
      const split = await readAll({ files: ['x'], batches: () => readCsv(memoryInput('x.csv', bytes, sizes), { batchSize: 3 }) });
      expect(split.rows).toEqual(whole.rows);
      expect(split.rowNumbers).toEqual(whole.rowNumbers);
      expect(split.batches.every((b) => b.rows.length <= 3)).toBe(true);
    }
  });
});

describe('CSV errors name file, line and column, never the cell text', () => {
  it('ragged row: physical line (quoted newlines count) and field number', async () => {
    const { path } = await csvFile('a,b,c\n1,"two\nlines",3\nSECRET-4,5\n');
    const err = await catchError(async () => readAll(await openSource({ path })));
    expect(err.code).toBe('INPUT_MALFORMED');
    expect(err.message).toContain(`${path}:4:3`);
    expect(err.message).toContain('2 fields, expected 3');
    expect(err.message).not.toContain('SECRET');
  });

  it('too many fields names the first extra field', async () => {
    const { path } = await csvFile('a,b\n1,2\n3,4,SECRET\n');
    const err = await catchError(async () => readAll(await openSource({ path })));
    expect([err.code, err.line, err.column]).toEqual(['INPUT_MALFORMED', 3, 3]);
    expect(err.message).not.toContain('SECRET');
  });

  it('unterminated quote: line where the quoted field starts', async () => {
    const { path } = await csvFile('a,b\n1,2\n3,"SECRET never closed\nmore\n');
    const err = await catchError(async () => readAll(await openSource({ path })));
    expect([err.code, err.line, err.column]).toEqual(['INPUT_MALFORMED', 3, 2]);
    expect(err.message).toMatch(/unterminated/);
    expect(err.message).not.toContain('SECRET');
  });

  it('unterminated quote found across many small chunks still names its starting line', async () => {
    const text = 'a,b\n1,2\nx,"SECRET ""quoted"" and long\n' + 'more text, with "" pairs\n'.repeat(2000);
    const bytes = new TextEncoder().encode(text);
    const err = await catchError(async () => readAll({ files: ['x'], batches: () => readCsv(memoryInput('x.csv', bytes, [7, 13, 1]), { batchSize: 10 }) }));
    expect([err.code, err.line, err.column]).toEqual(['INPUT_MALFORMED', 3, 2]);
    expect(err.message).not.toContain('SECRET');
  });

  it('stray quote inside an unquoted field, and text after a closing quote', async () => {
    const a = await csvFile('a,b\n1,SE"CRET\n');
    const e1 = await catchError(async () => readAll(await openSource({ path: a.path })));
    expect([e1.code, e1.line, e1.column]).toEqual(['INPUT_MALFORMED', 2, 2]);
    expect(e1.message).not.toContain('CRET');
    const b = await csvFile('a,b\n"SECRET"x,1\n');
    const e2 = await catchError(async () => readAll(await openSource({ path: b.path })));
    expect([e2.code, e2.line, e2.column]).toEqual(['INPUT_MALFORMED', 2, 1]);
    expect(e2.message).not.toContain('SECRET');
  });

  it('invalid UTF-8: INPUT_ENCODING with line and column', async () => {
    const head = new TextEncoder().encode('a,b,c\n1,2,3\n4,"multi\nline",SECRET');
    const bytes = new Uint8Array([...head, 0xff, 0xfe, ...new TextEncoder().encode('\n')]);
    const { path } = await csvFile(bytes);
    const err = await catchError(async () => readAll(await openSource({ path })));
    expect([err.code, err.line, err.column]).toEqual(['INPUT_ENCODING', 4, 3]);
    expect(err.message).not.toContain('SECRET');
    // a truncated multi-byte sequence at the very end is invalid too
    const cut = await csvFile(new Uint8Array([...new TextEncoder().encode('a\nx'), 0xe2, 0x82]));
    expect((await catchError(async () => readAll(await openSource({ path: cut.path })))).code).toBe('INPUT_ENCODING');
  });

  it('empty and whitespace-only files are INPUT_EMPTY; a missing file is INPUT_NOT_FOUND', async () => {
    for (const content of ['', '  \n\r\n ']) {
      const { path } = await csvFile(content);
      const err = await catchError(async () => readAll(await openSource({ path })));
      expect(err.code).toBe('INPUT_EMPTY');
      expect(err.message).toContain(path);
    }
    const dir = await tempDir();
    expect((await catchError(() => openSource({ path: join(dir, 'nope.csv') }))).code).toBe('INPUT_NOT_FOUND');
  });

  it('an aborted read stops with ABORTED', async () => {
    const { path } = await csvFile('a,b\n' + '1,2\n'.repeat(400_000));
    const controller = new AbortController();
    const err = await catchError(async () => {
      for await (const b of (await openSource({ path })).batches({ batchSize: 100, signal: controller.signal })) {
        expect(b.rows.length).toBe(100);
        controller.abort();
      }
    });
    expect(err.code).toBe('ABORTED');
  });

  it('a failed copy leaves no output file behind', async () => {
    const { dir, path } = await csvFile('a,b\n' + '1,2\n'.repeat(10_000) + 'SECRET\n');
    const out = join(dir, 'out.csv');
    const sink = await openSink({ path: out });
    const err = await catchError(async () => {
      for await (const b of (await openSource({ path })).batches({ batchSize: 100 })) await sink.write(b);
      await sink.close();
    });
    await sink.abort();
    expect(err.code).toBe('INPUT_MALFORMED');
    expect(await listDir(dir)).toEqual(['in.csv']);
  });
});

describe('CSV writer', () => {
  it('quotes only when needed, writes null as empty and "" as a quoted empty field, and round-trips', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.csv');
    const sink = await openSink({ path });
    await sink.write(trickyBatch());
    const done = await sink.close();
    expect(done.rows).toBe(TRICKY_ROWS.length);
    const text = await readFile(path, 'utf8');
    expect(done.bytes).toBe(Buffer.byteLength(text));
    expect(text.split('\n').slice(0, 3)).toEqual(['id,name,note', '1,Zoë Ångström,', '2,"",family 👩‍👩‍👧 trip']);
    expect(text).toContain('6," padded ",""""');
    expect((await readAll(await openSource({ path }))).rows).toEqual(TRICKY_ROWS);
    expect(await listDir(dir)).toEqual(['out.csv']);
  });

  it('formats numbers, bigint, booleans and dates; writes a header for an empty table with known fields', async () => {
    const dir = await tempDir();
    const path = join(dir, 'typed.csv');
    const sink = await openSink({ path });
    await sink.write({
      fields: [{ name: 'n', type: 'double' }, { name: 'b', type: 'long' }, { name: 't', type: 'boolean' }, { name: 'd', type: 'datetime' }],
      rows: [{ n: 1.5, b: 9007199254740993n, t: false, d: new Date(Date.UTC(2024, 1, 29, 12, 0, 0)) }],
      file: 'memory',
      rowNumbers: [1],
    });
    await sink.close();
    expect(await readFile(path, 'utf8')).toBe('n,b,t,d\n1.5,9007199254740993,false,2024-02-29T12:00:00.000Z\n');
    const empty = join(dir, 'empty.csv');
    const s2 = await openSink({ path: empty }, { fields: [{ name: 'x', type: 'string' }, { name: 'y', type: 'string' }] });
    await s2.close();
    expect(await readFile(empty, 'utf8')).toBe('x,y\n');
  });

  it('abort() removes the partial file and nothing looks finished before close()', async () => {
    const dir = await tempDir();
    const path = join(dir, 'out.csv');
    const sink = await openSink({ path });
    await sink.write(trickyBatch());
    const during = await listDir(dir);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.out\.csv\.partial-/);
    await sink.abort();
    expect(await listDir(dir)).toEqual([]);
  });
});
