// s3rver on 127.0.0.1 (port 0) in a temp folder, with dummy credentials and a counter of UploadPart requests
// seen on the wire (s3rver keeps no part count on the stored object).
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { S3Client } from '@aws-sdk/client-s3';
import { s3ClientConfig } from '../../src/io/s3/s3-client.ts';

export interface TestS3 {
  endpoint: string;
  client: S3Client;
  /** Environment for child processes and for s3ClientFor({ env }). */
  env: Record<string, string>;
  /** PUT ?partNumber= requests received so far. */
  uploadParts(): number;
  /** Every request received: `METHOD path?query[ range=bytes=a-b]`. */
  requests: string[];
  close(): Promise<void>;
}

export async function startS3(buckets: string[]): Promise<TestS3> {
  const dir = await mkdtemp(join(tmpdir(), 'rf-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: buckets.map((name) => ({ name })) });
  const addr = (await server.run()) as AddressInfo;
  const http = (server as unknown as { httpServer: Server }).httpServer;
  const requests: string[] = [];
  http.prependListener('request', (req: IncomingMessage) => void requests.push(`${req.method} ${req.url}${req.headers.range ? ` range=${req.headers.range}` : ''}`));
  const endpoint = `http://127.0.0.1:${addr.port}`;
  const env = {
    REDACTFLOW_S3_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const client = new S3Client({ ...s3ClientConfig(env), credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  return {
    endpoint,
    client,
    env,
    requests,
    uploadParts: () => requests.filter((r) => r.startsWith('PUT ') && /[?&]partNumber=/.test(r)).length,
    async close() {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
