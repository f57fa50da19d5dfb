// Types of bin/bundle.js (plain JavaScript: the CLI loads it before any TypeScript loader exists).
export declare function bundled(entry: string): Promise<string | null>;
export declare const ENTRIES: readonly string[];
