// Error paths of the Macie calls, where aws-sdk-client-mock is clearer than a server: a regex Macie rejects
// is reported once per identifier; other failures stop the command naming the operation.
import { describe, expect, it, afterEach } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BatchGetCustomDataIdentifiersCommand,
  GetCustomDataIdentifierCommand,
  ListCustomDataIdentifiersCommand,
  Macie2Client,
  Macie2ServiceException,
  TestCustomDataIdentifierCommand,
} from '@aws-sdk/client-macie2';
import { checkIdentifiers, readSamples } from '../../src/macie/check-identifiers.ts';
import { pullCustomDataIdentifiers } from '../../src/macie/pull-identifiers.ts';

const macie = mockClient(Macie2Client);
afterEach(() => macie.reset());

const serviceError = (name: string, message: string, status: number) =>
  new Macie2ServiceException({ name, message, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } });

describe('macie check error paths', () => {
  it('asks Macie once for a rejected regex and marks the identifier as differing', async () => {
    macie.on(TestCustomDataIdentifierCommand).rejects(serviceError('ValidationException', 'bad regex', 400));
    const client = new Macie2Client({ region: 'us-east-1' });
    const samples = readSamples('PRJ-0001\nPRJ-0002 PRJ-0003\n', 's.txt');
    const r = await checkIdentifiers([{ name: 'P', regex: 'PRJ-\\d{4}' }], samples, client);
    expect(macie.commandCalls(TestCustomDataIdentifierCommand)).toHaveLength(1);
    expect(r.ok).toBe(false);
    expect(r.identifiers[0].macieError).toBe('TestCustomDataIdentifier failed: ValidationException (HTTP 400): bad regex');
    expect(r.identifiers[0].samples).toEqual([
      { line: 1, local: 1, macie: null, agree: false },
      { line: 2, local: 2, macie: null, agree: false },
    ]);
  });

  it('a throttling or access error stops the check naming the identifier', async () => {
    macie.on(TestCustomDataIdentifierCommand).rejects(serviceError('AccessDeniedException', 'no', 403));
    const client = new Macie2Client({ region: 'us-east-1', maxAttempts: 1 });
    await expect(checkIdentifiers([{ name: 'P', regex: 'x' }], readSamples('x', 's.txt'), client)).rejects.toThrow(
      /TestCustomDataIdentifier \(identifier "P"\) failed: AccessDeniedException \(HTTP 403\)/,
    );
  });

  it('samples: one per non-empty line, at most 1000 characters', () => {
    expect(() => readSamples(`ok\n${'a'.repeat(1001)}\n`, 's.txt')).toThrow(/s\.txt:2: sample of 1001 characters/);
    expect(() => readSamples('\n\n', 's.txt')).toThrow(/no samples/);
  });
});

describe('macie pull error paths', () => {
  it('names the failing operation', async () => {
    macie.on(ListCustomDataIdentifiersCommand).resolves({ items: [{ id: 'a', name: 'A' }] });
    macie.on(BatchGetCustomDataIdentifiersCommand).resolves({ customDataIdentifiers: [{ id: 'a', name: 'A', deleted: false }] });
    macie.on(GetCustomDataIdentifierCommand).rejects(serviceError('ResourceNotFoundException', 'gone', 404));
    const client = new Macie2Client({ region: 'us-east-1', maxAttempts: 1 });
    await expect(pullCustomDataIdentifiers(client)).rejects.toThrow(/Macie GetCustomDataIdentifier a failed: ResourceNotFoundException \(HTTP 404\): gone/);
  });
});
