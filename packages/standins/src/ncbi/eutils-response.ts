/** An E-utilities answer before faults and headers are applied. */
export interface EutilsResponse {
  status: number;
  contentType: string;
  body: string;
}

export const JSON_TYPE = 'application/json; charset=UTF-8';
export const XML_TYPE = 'text/xml; charset=UTF-8';
export const TEXT_TYPE = 'text/plain; charset=UTF-8';

export function jsonResponse(status: number, value: unknown): EutilsResponse {
  return { status, contentType: JSON_TYPE, body: `${JSON.stringify(value)}\n` };
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
