// Factory: flow config → detector instance. One case per backend folder.
import type { Detector } from './detector.ts';
import type { AnyDetectorConfig } from './detector-config.ts';
import { RedactflowError } from '../errors.ts';

export interface CreateDetectorOptions {
  /** Folder that relative paths in the config (e.g. Macie identifiers file) resolve against. */
  baseDir?: string;
}

export async function createDetector(config: AnyDetectorConfig, options: CreateDetectorOptions = {}): Promise<Detector> {
  switch (config.type) {
    case 'local': {
      const { createLocalDetector } = await import('./local/local-detector.ts');
      return createLocalDetector(config);
    }
    case 'comprehend': {
      const { createComprehendDetector } = await import('./comprehend/comprehend-detector.ts');
      return createComprehendDetector(config);
    }
    case 'macie_custom':
      return (await import('./macie/macie-custom-detector.ts')).createMacieCustomDetector(config, { baseDir: options.baseDir });
    default:
      void options;
      throw new RedactflowError('DETECTOR_CONFIG', `detector type "${(config as { type: string }).type}" is not available in this build`);
  }
}
