// File-level entry points of the importer: read a .flow, convert it, render it as commented YAML.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Document } from 'yaml';
import { RedactflowError } from '../errors.ts';
import { convertDataWranglerFlow, type ConvertResult } from './convert-flow.ts';
import { DataWranglerImportError } from './dw-errors.ts';

export async function importDataWranglerFile(path: string): Promise<ConvertResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new RedactflowError('FLOW_NOT_FOUND', `${path}: cannot read the Data Wrangler flow (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new DataWranglerImportError(path, `not valid JSON (${(e as Error).message})`);
  }
  return convertDataWranglerFlow(json, { file: path });
}

/** YAML of the native flow, headed by where it came from and the importer's warnings as comments. */
export function dataWranglerToYaml(flow: Record<string, unknown>, warnings: readonly string[], from: string): string {
  const doc = new Document(flow);
  const head = [` Converted from the Data Wrangler flow ${basename(from)} by redactflow import-dw.`];
  if (warnings.length) head.push(' Review these notes:', ...warnings.map((w) => ` - ${w}`));
  doc.commentBefore = head.join('\n');
  return doc.toString({ lineWidth: 0 });
}
