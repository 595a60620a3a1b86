import { describe, it, expect } from 'vitest';
import { ProgressLine, formatDuration } from '../src/progress-line.js';

/** A stand-in for stderr that records what is written. */
function stream(tty: boolean, columns = 80): NodeJS.WriteStream & { text: string } {
  const s = { isTTY: tty, columns, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('ProgressLine', () => {
  it('on a terminal redraws one line in place, cut to the width, and ends it with a newline', () => {
    const out = stream(true, 30);
    const line = new ProgressLine(out);
    line.update('first');
    line.update('second, which is longer than thirty columns');
    line.done();
    expect(out.text).toBe('\r\x1b[Kfirst\r\x1b[Ksecond, which is longer than \n');
  });

  it('elsewhere writes plain lines, at most one per period, and redacts them', () => {
    const out = stream(false);
    const line = new ProgressLine(out, 60_000);
    line.update('from https://user:secret@example.org/x');
    line.update('dropped: within the period');
    line.done();
    expect(out.text).not.toContain('secret');
    expect(out.text.split('\n').filter(Boolean)).toHaveLength(1);
    expect(out.text).not.toContain('\r');
  });

  it('formats durations as m:ss or h:mm:ss', () => {
    expect([formatDuration(5), formatDuration(90), formatDuration(3725), formatDuration(undefined), formatDuration(Infinity)]).toEqual(['0:05', '1:30', '1:02:05', '?', '?']);
  });
});
