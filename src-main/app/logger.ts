/**
 * A scoped logger that redacts before anything is written.
 *
 * SIP passwords, TURN credentials and digest headers must never reach a log, whoever calls the
 * logger and with whatever details; redaction therefore happens here, not at call sites.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (level: LogLevel, line: string) => void;

export interface Logger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
  child(scope: string): Logger;
}

export const REDACTED = '[redacted]';

const SENSITIVE_KEY = /pass(word|wd)?|secret|token|credential|authori[sz]ation|cookie|cipher|ha1/i;
const SENSITIVE_TEXT: ReadonlyArray<[RegExp, string]> = [
  // SIP and HTTP digest headers carry a response hash that can be attacked offline.
  [/((?:proxy-)?authori[sz]ation|www-authenticate|proxy-authenticate)\s*:[^\r\n]*/gi, `$1: ${REDACTED}`],
  [/((?:pass(?:word|wd)?|secret|token|credential)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,]+)/gi, `$1${REDACTED}`],
  // user:password@host in any URL
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${REDACTED}@`],
];
const MAX_DEPTH = 6;

export function redactText(text: string): string {
  return SENSITIVE_TEXT.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), text);
}

/** A copy of `value` that is safe to log: sensitive keys are masked and strings scrubbed. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof (value as { byteLength?: unknown }).byteLength === 'number') return `[${(value as { byteLength: number }).byteLength} bytes]`;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return out;
}

export function formatLogLine(scope: string, message: string, details?: unknown): string {
  const head = `[${scope}] ${redactText(message)}`;
  if (details === undefined) return head;
  let body: string;
  try {
    body = JSON.stringify(redact(details));
  } catch {
    body = '"[unserializable]"';
  }
  return `${head} ${body}`;
}

export const consoleSink: LogSink = (level, line) => {
  // eslint-disable-next-line no-console
  console[level](line);
};

/** One sink writing to several (console and the log file); one failing sink does not stop the others. */
export function combineSinks(...sinks: LogSink[]): LogSink {
  return (level, line) => {
    for (const sink of sinks) {
      try {
        sink(level, line);
      } catch {
        // A full disk must not take logging, or the caller, down with it.
      }
    }
  };
}

export function createLogger(scope: string, sink: LogSink = consoleSink): Logger {
  const write = (level: LogLevel) => (message: string, details?: unknown) => sink(level, formatLogLine(scope, message, details));
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (child) => createLogger(`${scope}:${child}`, sink),
  };
}
