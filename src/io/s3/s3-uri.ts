// s3:// URIs: parsing, and the glob syntax of source paths (`*` and `?` stay inside one path segment, `**`
// crosses segments). Listing uses the literal part before the first wildcard as the ListObjectsV2 prefix.
import { RedactflowError } from '../../errors.ts';

export interface S3Location {
  bucket: string;
  /** Object key or key prefix, without the leading slash (may be empty: the whole bucket). */
  key: string;
}

export function isS3Uri(path: string): boolean {
  return path.startsWith('s3://');
}

export function parseS3Uri(uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  // Bucket names: 3-63 chars of lowercase letters, digits, dots and hyphens.
  if (!m || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(m[1])) {
    throw new RedactflowError('USAGE', `${uri}: not an S3 URI (expected s3://bucket/key)`, { exitCode: 2 });
  }
  return { bucket: m[1], key: m[2] };
}

export function formatS3Uri(loc: S3Location): string {
  return `s3://${loc.bucket}/${loc.key}`;
}

export function hasGlob(key: string): boolean {
  return /[*?]/.test(key);
}

/** The literal part of a glob key before its first wildcard (the listing prefix). */
export function globPrefix(key: string): string {
  const i = key.search(/[*?]/);
  return i < 0 ? key : key.slice(0, i);
}

/** Glob → anchored RegExp over whole keys. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        // `**/` also matches zero folders: a/**/b.csv matches a/b.csv.
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
