// `macie pull`: the account's custom data identifiers as a local identifiers file (the shape the macie_custom
// detector reads). ListCustomDataIdentifiers (paginated) gives the ids; BatchGetCustomDataIdentifiers (50 ids
// per call) drops deleted or missing ones; its summaries carry no regex, so GetCustomDataIdentifier fetches
// each definition (regex, keywords, ignoreWords, maximumMatchDistance).
import {
  BatchGetCustomDataIdentifiersCommand,
  GetCustomDataIdentifierCommand,
  ListCustomDataIdentifiersCommand,
  type Macie2Client,
} from '@aws-sdk/client-macie2';
import { RedactflowError } from '../errors.ts';
import type { CustomDataIdentifier } from '../detect/macie/custom-identifiers.ts';
import { awsErrorMessage } from './macie-client.ts';

export interface PullResult {
  identifiers: CustomDataIdentifier[];
  /** Ids listed but reported deleted or not found by BatchGet. */
  skipped: { id: string; reason: 'deleted' | 'not_found' }[];
}

async function call<T>(op: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new RedactflowError('DETECTOR_FAILED', `Macie ${awsErrorMessage(op, e)}`, { cause: e });
  }
}

export async function pullCustomDataIdentifiers(client: Macie2Client): Promise<PullResult> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await call('ListCustomDataIdentifiers', () => client.send(new ListCustomDataIdentifiersCommand({ maxResults: 500, nextToken })));
    for (const item of page.items ?? []) if (item.id) ids.push(item.id);
    nextToken = page.nextToken || undefined;
  } while (nextToken);

  const skipped: PullResult['skipped'] = [];
  const live: string[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const res = await call('BatchGetCustomDataIdentifiers', () => client.send(new BatchGetCustomDataIdentifiersCommand({ ids: chunk })));
    const notFound = new Set(res.notFoundIdentifierIds ?? []);
    for (const id of notFound) skipped.push({ id, reason: 'not_found' });
    for (const s of res.customDataIdentifiers ?? []) {
      if (!s.id || notFound.has(s.id)) continue;
      if (s.deleted) skipped.push({ id: s.id, reason: 'deleted' });
      else live.push(s.id);
    }
  }

  const identifiers: CustomDataIdentifier[] = [];
  for (const id of live) {
    const d = await call(`GetCustomDataIdentifier ${id}`, () => client.send(new GetCustomDataIdentifierCommand({ id })));
    if (d.deleted) { skipped.push({ id, reason: 'deleted' }); continue; }
    if (!d.name || !d.regex) throw new RedactflowError('DETECTOR_FAILED', `Macie GetCustomDataIdentifier ${id}: response has no name or regex`);
    const def: CustomDataIdentifier = { name: d.name, regex: d.regex };
    if (d.keywords?.length) def.keywords = d.keywords;
    if (d.ignoreWords?.length) def.ignoreWords = d.ignoreWords;
    if (d.maximumMatchDistance !== undefined) def.maximumMatchDistance = d.maximumMatchDistance;
    if (d.description) def.description = d.description;
    def.id = id;
    if (d.arn) def.arn = d.arn;
    identifiers.push(def);
  }
  identifiers.sort((a, b) => a.name.localeCompare(b.name));
  return { identifiers, skipped };
}
