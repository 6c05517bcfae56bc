/**
 * The plan's exit codes: the one list `--help`, the README and the workflow read.
 * Precedence when several apply: invalid (2) > policy (1) > destructive GPU change (3) > ok (0).
 */
export const EXIT = {
  /** Planned; no mandatory policy is violated (and, with --fail-on-destructive-gpu, no destructive GPU change). */
  ok: 0,
  /** A mandatory policy is violated. */
  policy: 1,
  /** Invalid config, bad arguments, an unreadable file, or a program error. */
  invalid: 2,
  /** Only with --fail-on-destructive-gpu: the plan replaces, deletes or interrupts a compute pool, a service or a GPU workload. */
  destructiveGpu: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
