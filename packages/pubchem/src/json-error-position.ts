/** Where JSON.parse stopped, read from V8's SyntaxError message; end of input for truncated text. */
export function jsonErrorPosition(error: unknown, text: string): { position: number; line: number; column: number } | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /at position (\d+)/.exec(message);
  const position = match?.[1] !== undefined ? Number(match[1]) : /end of JSON input/i.test(message) ? text.length : undefined;
  if (position === undefined) return undefined;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { position, line, column: position - lineStart + 1 };
}
