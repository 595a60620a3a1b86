import { redact } from '@strand/runtime';

/**
 * A progress report on stderr: on a terminal one line redrawn in place (cut to the terminal's
 * width), elsewhere (a pipe, a log file, CI) a plain line at most every `plainEveryMs` (5 s), so a
 * log gets a few readable lines, not a wall of carriage returns.
 */
export class ProgressLine {
  private drawn = false;
  private lastPlain = 0;
  private readonly tty: boolean;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly plainEveryMs = 5000) {
    this.tty = out.isTTY === true;
  }

  update(text: string): void {
    const line = redact(text);
    if (this.tty) {
      const width = Math.max(20, (this.out.columns ?? 80) - 1);
      this.out.write(`\r\x1b[K${line.length > width ? line.slice(0, width) : line}`);
      this.drawn = true;
      return;
    }
    if (Date.now() - this.lastPlain < this.plainEveryMs) return;
    this.lastPlain = Date.now();
    this.out.write(`  ${line}\n`);
  }

  /** Ends the redrawn line (so the next message starts on its own line). */
  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}

/** `1:05`, `1:02:03`; `?` when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const hms = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return hms[0]! > 0 ? `${hms[0]}:${String(hms[1]).padStart(2, '0')}:${String(hms[2]).padStart(2, '0')}` : `${hms[1]}:${String(hms[2]).padStart(2, '0')}`;
}
