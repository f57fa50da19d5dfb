// A small Amazon Macie stand-in on 127.0.0.1 speaking the REST-JSON protocol of the calls redactflow makes
// (paths and member names as in @aws-sdk/client-macie2's serializers):
//   POST /custom-data-identifiers/list   ListCustomDataIdentifiers {maxResults, nextToken} → {items, nextToken}
//   POST /custom-data-identifiers/get    BatchGetCustomDataIdentifiers {ids} → {customDataIdentifiers, notFoundIdentifierIds}
//   GET  /custom-data-identifiers/{id}   GetCustomDataIdentifier → {id, arn, name, regex, keywords, ...}
//   POST /custom-data-identifiers/test   TestCustomDataIdentifier {regex, sampleText, ...} → {matchCount}
//   POST /findings                       ListFindings {findingCriteria, maxResults, nextToken} → {findingIds, nextToken}
//   POST /findings/describe              GetFindings {findingIds} → {findings}
// Pages are deliberately small (PAGE) so clients must paginate. Every request is recorded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredIdentifier {
  id: string;
  name: string;
  regex: string;
  keywords?: string[];
  ignoreWords?: string[];
  maximumMatchDistance?: number;
  description?: string;
  deleted?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export type TestAnswer = number | { error: string; message: string };

export interface MacieStub {
  endpoint: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const PAGE = 2;

export async function startMacieStub(state: {
  identifiers?: StoredIdentifier[];
  /** Ids that ListCustomDataIdentifiers returns but BatchGet reports as not found (deleted in between). */
  vanished?: string[];
  /** What "Macie" answers to TestCustomDataIdentifier for a regex and sample. */
  test?: (req: { regex: string; sampleText: string; keywords?: string[]; ignoreWords?: string[]; maximumMatchDistance?: number }) => TestAnswer;
  findings?: Record<string, unknown>[];
}): Promise<MacieStub> {
  const requests: RecordedRequest[] = [];
  const ids = state.identifiers ?? [];
  const arn = (id: string) => `arn:aws:macie2:us-east-1:111122223333:custom-data-identifier/${id}`;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const path = (req.url ?? '').split('?')[0];
      requests.push({ method: req.method ?? '', path, body });
      const send = (status: number, payload: unknown, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}), 'x-amzn-requestid': `req-${requests.length}` });
        res.end(JSON.stringify(payload));
      };
      const page = <T>(all: T[]) => {
        const start = body.nextToken ? Number(body.nextToken) : 0;
        const size = Math.min(PAGE, Number(body.maxResults ?? PAGE));
        const next = start + size < all.length ? String(start + size) : undefined;
        return { slice: all.slice(start, start + size), next };
      };
      if (req.method === 'POST' && path === '/custom-data-identifiers/list') {
        const listed = [...ids.filter((x) => !x.deleted), ...(state.vanished ?? []).map((id) => ({ id, name: `gone-${id}` }))];
        const { slice, next } = page(listed);
        return send(200, { items: slice.map((x) => ({ id: x.id, name: x.name, arn: arn(x.id), createdAt: '2024-01-02T03:04:05Z' })), ...(next ? { nextToken: next } : {}) });
      }
      if (req.method === 'POST' && path === '/custom-data-identifiers/get') {
        const want = (body.ids as string[]) ?? [];
        const found = want.map((id) => ids.find((x) => x.id === id)).filter((x): x is StoredIdentifier => !!x);
        return send(200, {
          customDataIdentifiers: found.map((x) => ({ id: x.id, name: x.name, arn: arn(x.id), deleted: !!x.deleted, createdAt: '2024-01-02T03:04:05Z' })),
          notFoundIdentifierIds: want.filter((id) => !ids.some((x) => x.id === id)),
        });
      }
      const get = /^\/custom-data-identifiers\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && get) {
        const x = ids.find((i) => i.id === decodeURIComponent(get[1]));
        if (!x) return send(404, { message: 'not found' }, 'ResourceNotFoundException');
        return send(200, { ...x, arn: arn(x.id), deleted: !!x.deleted, createdAt: '2024-01-02T03:04:05Z', severityLevels: [{ occurrencesThreshold: 1, severity: 'LOW' }] });
      }
      if (req.method === 'POST' && path === '/custom-data-identifiers/test') {
        const answer = state.test?.(body as { regex: string; sampleText: string }) ?? 0;
        if (typeof answer === 'number') return send(200, { matchCount: answer });
        return send(400, { message: answer.message }, answer.error);
      }
      if (req.method === 'POST' && path === '/findings') {
        const crit = ((body.findingCriteria as { criterion?: Record<string, { eq?: string[] }> })?.criterion) ?? {};
        const all = (state.findings ?? []).filter((f) => {
          for (const [field, c] of Object.entries(crit)) {
            const v = field.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], f);
            if (c.eq && !c.eq.includes(String(v))) return false;
          }
          return true;
        });
        const { slice, next } = page(all);
        return send(200, { findingIds: slice.map((f) => f.id), ...(next ? { nextToken: next } : {}) });
      }
      if (req.method === 'POST' && path === '/findings/describe') {
        const want = (body.findingIds as string[]) ?? [];
        return send(200, { findings: (state.findings ?? []).filter((f) => want.includes(f.id as string)) });
      }
      send(404, { message: `no route ${req.method} ${path}` }, 'ResourceNotFoundException');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A sensitive-data finding as Macie's GetFindings returns it (trimmed to the members redactflow reads). */
export function sensitiveFinding(id: string, bucket: string, key: string, result: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    category: 'CLASSIFICATION',
    type: 'SensitiveData:S3Object/Personal',
    accountId: '111122223333',
    region: 'us-east-1',
    createdAt: '2024-05-01T00:00:00Z',
    resourcesAffected: { s3Bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` }, s3Object: { key, path: `${bucket}/${key}`, extension: key.split('.').pop() } },
    classificationDetails: { jobId: 'job-1', result: { status: { code: 'COMPLETE' }, mimeType: 'text/csv', ...result } },
    severity: { description: 'High', score: 3 },
  };
}
