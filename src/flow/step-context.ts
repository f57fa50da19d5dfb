// What a step may use besides its batch: where the flow lives (relative paths), the run's identity, the audit
// sink, cancellation and the CLI's detector override.
import type { AuditWriter } from '../audit/audit-writer.ts';
import type { AnyDetectorConfig } from '../detect/detector-config.ts';
import type { Detector } from '../detect/detector.ts';

export interface StepContext {
  /** Folder of the flow file: relative paths in options resolve against it. */
  flowDir: string;
  runId: string;
  flowSha256: string;
  /** 0-based index of the step in the flow (for error messages: "step 3 (redact)"). */
  stepIndex: number;
  audit: AuditWriter | null;
  signal?: AbortSignal;
  /** `--detector TYPE` on the CLI replaces every redact step's detector. */
  detectorOverride?: AnyDetectorConfig;
  /** Structured log line (never cell content). */
  log(event: string, fields?: Record<string, unknown>): void;
  /** Detector instances are shared by the steps of a run (one worker pool) and closed by the runner. */
  getDetector(config: AnyDetectorConfig): Promise<Detector>;
  /** Dry run (`run --dry-run`): detectors count requests and cost without calling anything; nothing is written. */
  dryRun?: boolean;
  /**
   * Steps may keep one batch in flight (return a batch's output on the next push): detection overlaps parsing
   * and writing. Off when checkpointing, where each unit's output must come out of its own push.
   */
  overlapBatches?: boolean;
  /** Shared run counters (quarantined rows, detector stats) merged into the summary. */
  counters: Map<string, number>;
}
