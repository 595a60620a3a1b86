import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ValueCodec, describeError, loadConfig } from '../src/index.js';

const schema = { type: 'record', name: 'Probe', namespace: 'strand.test', fields: [{ name: 'name', type: 'string' }, { name: 'n', type: 'long' }] };

/** A stand-in registry answering every request with `answer`; records the requests. */
async function fakeRegistry(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; requests: IncomingMessage[]; server: Server }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => { requests.push(req); req.resume(); req.on('end', () => answer(req, res)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/apis/ccompat/v7`, requests, server };
}

const json = (status: number, body: unknown) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

const codecFor = (url: string) => new ValueCodec(loadConfig({}, { STRAND_REGISTRY_URL: url, STRAND_CONNECT_TIMEOUT_MS: 2000 }));
/** A registry-framed value naming schema `id`. */
const framed = (id: number, payload = Buffer.from([2, 0x61, 2])): Buffer => {
  const header = Buffer.alloc(5); // magic byte 0, then the schema id
  header.writeUInt32BE(id, 1);
  return Buffer.concat([header, payload]);
};

describe('ValueCodec against a registry that refuses or fails', () => {
  const servers: Server[] = [];
  afterEach(() => { for (const s of servers.splice(0)) { s.closeAllConnections(); s.close(); } });

  it('a 401 is AUTH_FAILED (fatal) at once, when registering and when decoding, with credentials from the URL sent as Basic auth', async () => {
    const fake = await fakeRegistry(json(401, { error_code: 40101, message: 'Unauthorized' }));
    servers.push(fake.server);
    const url = fake.url.replace('http://', 'http://strand:s3cret@');
    const codec = codecFor(url);
    const err = await codec.register('probe', schema).catch((e: unknown) => e);
    expect(describeError(err)).toMatchObject({ code: 'AUTH_FAILED', retriable: false, fatal: true });
    expect((err as Error).message).toContain('HTTP 401');
    expect((err as Error).message).not.toContain('s3cret');
    expect(fake.requests).toHaveLength(1); // not retried
    expect(fake.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('strand:s3cret').toString('base64')}`);
    await expect(codec.decode(framed(7), 'probe[0]@0')).rejects.toMatchObject({ code: 'AUTH_FAILED', fatal: true, message: expect.stringContaining('Cannot decode probe[0]@0') });
  });

  it('a 403 is AUTH_FAILED too', async () => {
    const fake = await fakeRegistry(json(403, { message: 'Forbidden' }));
    servers.push(fake.server);
    await expect(codecFor(fake.url).decode(framed(7), 'x')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('a 503 is REGISTRY_UNREACHABLE (retriable); registering retries it a few times', async () => {
    const fake = await fakeRegistry(json(503, { message: 'busy' }));
    servers.push(fake.server);
    const codec = codecFor(fake.url);
    await expect(codec.register('probe', schema)).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE', retriable: true });
    expect(fake.requests.length).toBe(6);
    await expect(codec.decode(framed(7), 'x')).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE', retriable: true });
  });

  it('an incompatible schema (409) is REGISTRY_REJECTED, not retried; an unknown schema id (404) is SCHEMA_DECODE_FAILED', async () => {
    const fake = await fakeRegistry((req, res) => (req.method === 'POST' ? json(409, { error_code: 409, message: 'Incompatible artifact' }) : json(404, { error_code: 40403, message: 'No content with ID' }))(req, res));
    servers.push(fake.server);
    const codec = codecFor(fake.url);
    await expect(codec.register('probe', schema)).rejects.toMatchObject({ code: 'REGISTRY_REJECTED', retriable: false });
    expect(fake.requests).toHaveLength(1);
    await expect(codec.decode(framed(7), 'x')).rejects.toMatchObject({ code: 'SCHEMA_DECODE_FAILED', retriable: false });
  });

  it('a registry nobody answers for is REGISTRY_UNREACHABLE', async () => {
    const fake = await fakeRegistry(json(200, {}));
    const url = fake.url;
    fake.server.close();
    await expect(codecFor(url).decode(framed(7), 'x')).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE', retriable: true, message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('ValueCodec against the local registry', () => {
  const config = loadConfig();
  const topic = `strand-test-codec-${randomUUID()}`;
  afterAll(async () => {
    const subject = `${config.registryUrl}/subjects/${encodeURIComponent(`${topic}-value`)}`;
    await fetch(subject, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${subject}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
  });

  it('registers, encodes and decodes; poison values are SCHEMA_DECODE_FAILED and bad values RECORD_INVALID', async () => {
    const codec = new ValueCodec(config);
    await expect(codec.encode(topic, { name: 'a', n: 1 })).rejects.toMatchObject({ code: 'SCHEMA_NOT_REGISTERED', fatal: true });
    const id = await codec.register(topic, schema);
    expect(await codec.register(topic, schema)).toBe(id);
    const value = await codec.encode(topic, { name: 'aspirin', n: 2244 });
    expect(value.subarray(0, 5)).toEqual(framed(id, Buffer.alloc(0)));
    expect(await new ValueCodec(config).decode(value, 'here')).toEqual({ name: 'aspirin', n: 2244 }); // a fresh codec fetches schema `id`
    await expect(codec.decode(Buffer.from('not avro'), 'there')).rejects.toMatchObject({ code: 'SCHEMA_DECODE_FAILED', message: expect.stringContaining('Cannot decode there') });
    await expect(codec.decode(value.subarray(0, value.length - 2), 'cut')).rejects.toMatchObject({ code: 'SCHEMA_DECODE_FAILED' });
    await expect(codec.decode(framed(2_000_000_000), 'nowhere')).rejects.toMatchObject({ code: 'SCHEMA_DECODE_FAILED', retriable: false });
    await expect(codec.encode(topic, { name: 7 })).rejects.toMatchObject({ code: 'RECORD_INVALID', retriable: false });
  });
});
