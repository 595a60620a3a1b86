import type { StatusReport } from './collect-status.js';

const rate = (n: number | null) => (n === null ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(0)}s` : `${(ms / 1000).toFixed(1)}s`);

/** Breaks a line at spaces so that no piece is over 80 columns. */
function wrap(text: string, width = 80): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...out, line];
}

/** `strand status` as text, at most 80 columns wide (stage names up to 18 characters keep it so). */
export function renderStatus(r: StatusReport): string {
  const lines: string[] = [];
  lines.push(`strand status  prefix ${r.prefix}  ${new Date(r.at).toISOString().replace(/\.\d+Z$/, 'Z')}`);
  lines.push(...wrap(`stack: ${r.stack.map((s) => `${s.name} ${s.up ? 'up' : s.optional ? 'off' : 'DOWN'}`).join(', ')}`));
  lines.push('');
  if (r.stages.length === 0) {
    lines.push(r.stack.find((s) => s.name === 'kafka')?.up ? 'no stages declared' : 'Kafka is down: no stage information');
  } else {
    lines.push(`${'stage'.padEnd(18)} ${'inst'.padStart(4)} ${'lag'.padStart(9)} ${'in/s'.padStart(7)} ${'out/s'.padStart(7)} ${'dlq/h'.padStart(6)}  state`);
    for (const s of r.stages) {
      const state = s.paused ? `PAUSED by ${s.paused.by}` : !s.topicExists ? 'no topic yet' : s.instances === 0 ? 'no instance' : 'running';
      lines.push(`${s.stage.padEnd(18)} ${String(s.instances).padStart(4)} ${String(s.lag).padStart(9)} ${rate(s.topicExists ? s.inPerSec : null).padStart(7)} ${rate(s.topicExists ? s.outPerSec : null).padStart(7)} ${String(s.deadLettersLastHour).padStart(6)}  ${state}`.slice(0, 80));
    }
    lines.push(`in/s: records arrived on the stage's input in the last minute; out/s: records`);
    lines.push(`it committed (processed, output durable) over the last ${r.outWindowS.toFixed(0)} s;`);
    lines.push('dlq/h: dead letters it wrote in the last hour (`strand dlq list --stage S`).');
  }
  lines.push('');
  lines.push(r.deadLettersLastHour === null ? 'dead letters, last hour: unknown (Kafka is down)'
    : `dead letters, last hour: ${r.deadLettersLastHour}${r.deadLettersLastHour > 0 ? ' (strand dlq list --since ...)' : ''}`);
  if (r.deadLettersLastHour !== null && r.deadLettersCounted > 0 && r.deadLettersCounted < r.deadLettersLastHour) {
    lines.push(...wrap(`  per stage: the newest ${r.deadLettersCounted} of them`));
  }
  if (r.deadLettersUnattributed > 0) lines.push(...wrap(`  ${r.deadLettersUnattributed} name no stage (written before the stage header)`));
  if (r.budgets === null) lines.push('upstream budgets: unknown (Redis is down)');
  else if (r.budgets.length === 0) lines.push('upstream budgets: none used lately (no limiter keys in Redis)');
  else {
    lines.push('upstream budgets (grants in each window; shared by every fetcher):');
    for (const b of r.budgets) {
      const windows = b.windows.map((w) => `${w.grants} in ${seconds(w.perMs)}`).join(', ') || 'no grants';
      const pause = b.pausedUntil ? `PAUSED until ${new Date(b.pausedUntil).toISOString().slice(11, 19)}Z (throttled)` : 'not paused';
      lines.push(`  ${b.key.padEnd(28)} ${windows}; ${pause}`.slice(0, 80));
    }
  }
  return `${lines.join('\n')}\n`;
}
