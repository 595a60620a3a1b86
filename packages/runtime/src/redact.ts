/**
 * The one redaction of secrets, applied wherever text can leave the process: log lines (logger.ts),
 * error messages (every StrandError, and describeError for any other error), dead letters
 * (dead-letter.ts), and what the CLI prints. It removes
 * - the password of any URL (`scheme://user:PASSWORD@host` -> `scheme://user:***@host`);
 * - the value of credential query parameters (`api_key=...`, `token=...`, `password=...`);
 * - every registered secret, verbatim, wherever it appears (loadConfig registers the NCBI API key
 *   and the passwords of the database, Redis and registry URLs), in its plain and URL-encoded forms.
 *   A secret shorter than MIN_VERBATIM_SECRET characters is removed only in the two URL forms
 *   above: removing a short word everywhere would mangle unrelated text (a password "strand" would
 *   blank out every topic name).
 */
export const REDACTED = '***';

/** Registered secrets shorter than this are not removed verbatim (see above). */
export const MIN_VERBATIM_SECRET = 8;

/** `scheme://user:password@`: the password is everything up to the last `@` before the host. */
const urlPassword = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*):([^\s/?#]*)@/gi;

/** Query or form parameters (or `name=value` words) that carry credentials. */
const credentialParam = /((?<![A-Za-z0-9_])(?:api[_-]?key|access[_-]?token|token|password|passwd|pwd|secret|client[_-]?secret)=)[^&\s#"'<>]+/gi;

const secrets = new Set<string>();

/**
 * Registers a secret to be removed verbatim from everything redact() sees, in this process. Empty
 * and short values (see MIN_VERBATIM_SECRET) are ignored. Also registers its URL-encoded form.
 */
export function registerSecret(value: string | null | undefined): void {
  if (!value || value.length < MIN_VERBATIM_SECRET) return;
  secrets.add(value);
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
}

/** Registers the password of a connection URL (and its decoded form), if it has one. */
export function registerUrlPassword(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (!parsed.password) return;
  registerSecret(parsed.password);
  try {
    registerSecret(decodeURIComponent(parsed.password));
  } catch {
    // not valid percent-encoding: the raw form is registered
  }
}

/** `text` with every URL password, credential parameter and registered secret replaced by `***`. */
export function redact(text: string): string {
  let out = text;
  if (out.includes('://')) out = out.replace(urlPassword, (_m, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`);
  if (out.includes('=')) out = out.replace(credentialParam, (_m, name: string) => `${name}${REDACTED}`);
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Every string in `value` (objects and arrays walked, at most `depth` levels) redacted; other values as they are. */
export function redactDeep<T>(value: T, depth = 6): T {
  if (typeof value === 'string') return redact(value) as T;
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth - 1)) as T;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth - 1)])) as T;
}

/**
 * A URL to show to a person: without its password (kept runnable, e.g. in a `psql URL` hint, where
 * the client then asks for the password), and with credential parameters redacted.
 */
export function urlWithoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) return redact(url);
    parsed.password = '';
    return redact(parsed.toString());
  } catch {
    return redact(url);
  }
}
