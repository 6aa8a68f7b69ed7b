import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { kakaoGeocoder } from '../../../activities/places/geocode/kakao-geocoder';
import { isCiaoError } from '../../../domain/errors';

// A local server answering as Kakao's Local API documents it (this machine cannot reach the real one).
let server: Server;
let base = '';
const seen: IncomingMessage[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push(req);
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    if (req.headers.authorization !== 'KakaoAK test-key') return void res.writeHead(401).end('{}');
    if (query.includes('고장')) return void res.writeHead(500).end('{}');
    const documents = query.includes('세종대로 110') ? [{ address_name: query, x: '126.977829', y: '37.566535' }] : [];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ meta: { total_count: documents.length }, documents }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the Kakao geocoder', () => {
  it('sends the key as KakaoAK and reads y/x of the first document as lat/lng', async () => {
    const geocoder = kakaoGeocoder({ apiKey: 'test-key', baseUrl: base, minIntervalMs: 0 });
    assert.deepEqual(await geocoder.geocode('서울특별시 중구 세종대로 110'), { lat: 37.566535, lng: 126.977829 });
    assert.match(seen.at(-1)?.url ?? '', /^\/v2\/local\/search\/address\.json\?query=/);
  });

  it('answers undefined when nothing matches', async () => {
    assert.equal(await kakaoGeocoder({ apiKey: 'test-key', baseUrl: base, minIntervalMs: 0 }).geocode('없는 주소 1'), undefined);
  });

  it('fails with ServiceUnavailable on a refused key or a server error, so the task retries', async () => {
    await assert.rejects(kakaoGeocoder({ apiKey: 'wrong', baseUrl: base, minIntervalMs: 0 }).geocode('세종대로 110'), (err) => isCiaoError(err, 'ServiceUnavailable'));
    await assert.rejects(kakaoGeocoder({ apiKey: 'test-key', baseUrl: base, minIntervalMs: 0 }).geocode('고장 주소'), (err) => isCiaoError(err, 'ServiceUnavailable'));
  });
});
