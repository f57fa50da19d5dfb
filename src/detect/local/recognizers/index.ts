// Every recognizer of the local detector, one per file. Add one line per recognizer.
import type { Recognizer } from '../recognizer.ts';

export const recognizers: Recognizer[] = [];
