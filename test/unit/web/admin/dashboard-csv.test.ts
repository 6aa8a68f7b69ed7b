import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LiveFilters } from '../../../../web/admin/dashboards/live-filters';
import { rankingPanel, seriesPanel } from '../../../../web/admin/dashboards/live-panels';
import { panelCsv, panelCsvName, UTF8_BOM } from '../../../../web/admin/dashboards/panel-csv';

const FILTERS: LiveFilters = { date: '2026-11-25', hour: 9, ageBand: 20, gender: 'W', region: null };

const gender = seriesPanel({
  id: 'inout-gender',
  title: '성별 로그인 · 로그아웃',
  chart: 'bar',
  labelHeader: '성별',
  labels: ['남성', '여성'],
  series: [
    { name: '로그인', unit: 'count', values: [3, 1234] },
    { name: '세션 만료', unit: 'percent', values: [12.5, 0] },
  ],
});

describe('panel CSV', () => {
  it('starts with a UTF-8 byte-order mark so Excel reads Korean', () => {
    const csv = panelCsv(gender);
    assert.ok(csv.startsWith(UTF8_BOM));
    assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
  });

  it('holds exactly the table: header with units, one CRLF line per label, raw numbers', () => {
    assert.equal(panelCsv(gender), `${UTF8_BOM}성별,로그인,세션 만료 (%)\r\n남성,3,12.5\r\n여성,1234,0\r\n`);
  });

  it('keeps a header line for a panel without rows', () => {
    const empty = seriesPanel({ id: 'nolabel-top-main', title: 't', chart: 'hbar', labelHeader: '검색어', labels: [], series: [{ name: '검색 수', unit: 'count', values: [] }] });
    assert.equal(panelCsv(empty), `${UTF8_BOM}검색어,검색 수\r\n`);
  });

  it('defuses search words that look like spreadsheet formulas and quotes commas', () => {
    const ranks = rankingPanel({
      id: 'nolabel-ranks',
      title: 't',
      windows: ['오늘', '최근 60분'],
      rows: [{ gender: '여성', ageBand: '20대', main: [{ word: '=cmd|calc', count: 3 }, { word: '물, 생수', count: 2 }], recent: [] }],
    });
    const lines = panelCsv(ranks).slice(1).split('\r\n');
    assert.equal(lines[0], '성별,연령대,기간,순위,검색어,검색 수');
    assert.equal(lines[1], `여성,20대,오늘,1,"'=cmd|calc",3`);
    assert.equal(lines[2], '여성,20대,오늘,2,"물, 생수",2');
  });

  it('names the file after the panel and the filters', () => {
    assert.equal(panelCsvName(gender, FILTERS), 'ciao-live_inout-gender_2026-11-25_h09_W_a20.csv');
  });
});
