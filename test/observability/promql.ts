import { parser } from '@prometheus-io/lezer-promql';

/** What one PromQL expression names: each metric, with the labels it matches on or groups by. */
export interface PromqlNames {
  metrics: string[];
  /** Labels of matchers (`{outcome="x"}`) per metric. */
  matcherLabels: Map<string, string[]>;
  /** Labels in by (...), on (...), ignoring (...), without (...) clauses. */
  groupingLabels: string[];
}

/**
 * Parses an expression with the Prometheus project's own PromQL grammar (@prometheus-io/lezer-promql,
 * the parser of Prometheus' web UI) and lists what it names. Throws, naming the position, on a syntax error.
 */
export function promqlNames(expr: string): PromqlNames {
  const tree = parser.parse(expr);
  const names: PromqlNames = { metrics: [], matcherLabels: new Map(), groupingLabels: [] };
  const cursor = tree.cursor();
  let current: string | undefined;
  do {
    const node = cursor.type.name;
    const text = expr.slice(cursor.from, cursor.to);
    if (cursor.type.isError) throw new Error(`PromQL syntax error at ${cursor.from} in: ${expr}`);
    if (node === 'VectorSelector') current = undefined;
    if (node === 'Identifier' && cursor.node.parent?.type.name === 'VectorSelector') {
      current = text;
      if (!names.metrics.includes(text)) names.metrics.push(text);
    }
    if (node === 'LabelName') {
      const parent = cursor.node.parent?.type.name ?? '';
      if (parent === 'GroupingLabels') names.groupingLabels.push(text);
      else if (current) names.matcherLabels.set(current, [...(names.matcherLabels.get(current) ?? []), text]);
    }
  } while (cursor.next());
  return names;
}
