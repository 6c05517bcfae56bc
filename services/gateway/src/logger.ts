/**
 * Structured logs: one JSON object per line on stdout, which SPCS forwards to the event table.
 * Callers pass ids, counts and reasons; never prompts, replies or credentials.
 */
import { LOG_LEVELS, LogLevel } from "./config";

/** Fields attached to a log line. */
export type LogFields = Record<string, unknown>;

/** The gateway's logger interface; inject your own in tests. */
export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
}

/**
 * A logger writing JSON lines (`{"ts", "level", "msg", ...fields}`) for `level` and above.
 * @param write where lines go (default: stdout).
 */
export function createJsonLogger(level: LogLevel = "info", write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (lvl: LogLevel) => (msg: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(lvl) > threshold) return;
    write(`${JSON.stringify({ ts: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
  return { error: emit("error"), warn: emit("warn"), info: emit("info"), debug: emit("debug") };
}

/** A logger that drops everything. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
