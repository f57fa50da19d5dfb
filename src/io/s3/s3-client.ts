// One S3 client configuration for sources and sinks. Credentials and region come from the SDK's default chain
// (env, profile, container/instance role); AWS_ENDPOINT_URL_S3 is honoured by the SDK itself. For local
// S3-compatible servers (s3rver, MinIO) REDACTFLOW_S3_ENDPOINT sets the endpoint, with path-style addressing
// and checksums only where an operation requires them (those servers reject the SDK's default trailers).
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export interface S3Options {
  /** A ready client (library use, tests); otherwise one is created from the environment. */
  client?: S3Client;
  /** Environment to read REDACTFLOW_S3_* from (default process.env). */
  env?: Record<string, string | undefined>;
}

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes)$/i.test(v);

export function s3ClientConfig(env: Record<string, string | undefined> = process.env): S3ClientConfig {
  const config: S3ClientConfig = { followRegionRedirects: true };
  const endpoint = env.REDACTFLOW_S3_ENDPOINT;
  if (endpoint) {
    config.endpoint = endpoint;
    config.forcePathStyle = env.REDACTFLOW_S3_FORCE_PATH_STYLE === undefined ? true : truthy(env.REDACTFLOW_S3_FORCE_PATH_STYLE);
    config.requestChecksumCalculation = 'WHEN_REQUIRED';
    config.responseChecksumValidation = 'WHEN_REQUIRED';
    // Local servers do not care about the region; the SDK still needs one to sign.
    config.region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  } else if (truthy(env.REDACTFLOW_S3_FORCE_PATH_STYLE)) {
    config.forcePathStyle = true;
  }
  return config;
}

const shared = new Map<string, S3Client>();

/** The client for these options: the given one, or one per distinct environment configuration (reused). */
export function s3ClientFor(opts: S3Options = {}): S3Client {
  if (opts.client) return opts.client;
  const config = s3ClientConfig(opts.env);
  const key = JSON.stringify(config);
  let c = shared.get(key);
  if (!c) shared.set(key, (c = new S3Client(config)));
  return c;
}
