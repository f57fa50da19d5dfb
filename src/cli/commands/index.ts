// Every CLI verb registers itself here (one line each).
import type { Command } from 'commander';
import * as run from './run.ts';
import * as validate from './validate.ts';
import * as schema from './schema.ts';
import * as detect from './detect.ts';
import * as emulate from './emulate.ts';
import * as importDw from './import-dw.ts';
import * as audit from './audit.ts';
import * as macie from './macie.ts';
import * as auditMacieFindings from './audit-macie-findings.ts';
import * as sagemaker from './sagemaker.ts';
import * as classify from './classify.ts';

export interface CommandModule {
  register(program: Command): void;
}

export const commandModules: CommandModule[] = [run, validate, schema, detect, importDw, emulate, audit, macie, auditMacieFindings, sagemaker, classify];
