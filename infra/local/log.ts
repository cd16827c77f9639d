/**
 * Where the local stack's own lines go. Diagnostics are JSON lines so they can be grepped and
 * parsed like Lambda's structured logs; they never carry message bodies or credentials.
 */
export type LogSink = (line: string) => void;

export const stderrSink: LogSink = (line) => {
  process.stderr.write(`${line}\n`);
};

export type Level = 'info' | 'warn' | 'error';

export interface Logger {
  /** A plain line, e.g. the request log. */
  line(text: string): void;
  event(level: Level, msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(sink: LogSink = stderrSink): Logger {
  return {
    line: (text) => sink(text),
    event: (level, msg, fields = {}) => sink(JSON.stringify({ level, msg, ...fields })),
  };
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
