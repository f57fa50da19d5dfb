// One place that builds the Macie client: region and endpoint from the CLI (a local endpoint in tests),
// credentials from the default provider chain.
import { Macie2Client } from '@aws-sdk/client-macie2';

export interface MacieClientOptions {
  region?: string;
  endpoint?: string;
}

export function createMacieClient(opts: MacieClientOptions = {}): Macie2Client {
  return new Macie2Client({
    region: opts.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    maxAttempts: 5,
  });
}

/** Error text for an AWS call, naming the operation (never any sample or cell content). */
export function awsErrorMessage(op: string, e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return `${op} failed: ${err.name ?? 'Error'}${err.$metadata?.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : ''}: ${err.message ?? String(e)}`;
}
