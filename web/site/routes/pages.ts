/**
 * The service pages: main, about, mypage, the menu redirects that log menu clicks, and the "준비 중" pages of
 * the features later issues bring (/nolabel has its own routes: routes/nolabel.ts) (eco point 1 and 2 need a login already, as they will).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { seoulMonths } from '../../../activities/ecopoints/ledger';
import { InfraError } from '../../../domain/errors';
import { ageBandOf } from '../../../domain/age-band';
import { arcticTemperatureOf, ecoGradeOf, pointsToNextGrade } from '../../../domain/eco-grade';
import type { Menu } from '../../../domain/events';
import { requireMember } from '../../sessions/require-member';
import { aboutBody } from '../views/about';
import { ecopointHistoryCard } from '../views/ecopoint-history';
import { homeBody } from '../views/home';
import { mypageBody } from '../views/mypage';
import { isOwnSite } from '../../plugins/app/csrf';
import { pagePath } from '../../plugins/app/events';
import { readTopWords } from '../search-ranks';
import { MenuParams, MypageQuery, type MenuParamsInput, type MypageQueryInput } from '../schemas/pages';
import { sendPage } from '../send-page';
import { MYPAGE_MONTHS } from '../mypage/member-summaries';

/** Where each menu leads, and how its placeholder describes it. */
export const MENU_TARGETS: Readonly<Record<Menu, { readonly href: string; readonly title: string; readonly description: string }>> = {
  ecopoint1: { href: '/ecopoint/1', title: '에코포인트 ① 페트병 인증', description: '라벨을 뗀 페트병 사진을 올리면 AI가 확인하고 페트병 1개당 10포인트를 드려요.' },
  ecopoint2: { href: '/ecopoint/2', title: '에코포인트 ② 영수증 인증', description: '무라벨 제품을 산 영수증을 올리면 확인 후 10~50포인트를 드려요.' },
  nolabel: { href: '/nolabel', title: '무라벨 상품 찾기', description: '생수, 탄산수 같은 무라벨 상품을 검색하고 단위 가격을 비교할 수 있어요.' },
  lesswaste: { href: '/lesswaste', title: '리필숍 지도', description: '내 주변 1~20km 안의 제로웨이스트·리필 가게와 재활용 수거기를 지도에서 보여 드려요.' },
};


/** The path of a same-site Referer (where a menu was clicked), else `/`. */
export function refererPage(request: FastifyRequest): string {
  const referer = request.headers.referer;
  if (!referer) return '/';
  return isOwnSite(referer, request.host) ? pagePath(new URL(referer).pathname) : '/';
}

/** The pages plugin. */
export function pageRoutes(app: FastifyInstance): Promise<void> {

  app.get('/', (request, reply) => sendPage(request, reply, { title: '라벨은 떼고, 북극은 시원하게', nav: 'home', body: homeBody(request.session?.data.member ?? null) }));

  app.get('/about', (request, reply) => sendPage(request, reply, { title: '서비스 소개', nav: 'about', body: aboutBody() }));

  // Mypage reads Redis only while the member's summary is cached (session, summary, rankings) and the
  // members' averages are in memory: see web/site/mypage/.
  app.get<{ Querystring: MypageQueryInput }>('/mypage', { schema: { querystring: MypageQuery }, preHandler: requireMember }, async (request, reply) => {
    const member = request.session?.data.member;
    if (!member) throw new InfraError('Unauthorized', '로그인이 필요해요.');
    const now = new Date();
    const ageBand = ageBandOf(member.birthDate, now);
    const [summary, averages, ranks, uploads] = await Promise.all([
      app.memberSummaries.read(member.userId, now),
      app.monthlyAverages.get(now),
      app.storeGuards.redis.run(() => readTopWords(app.stores.redis.redis, { gender: member.gender, ageBand }, now)),
      // The upload history: Redis while cached, else MongoDB; with both unable to answer the rest still shows.
      app.uploadHistories.read(member.userId),
    ]);
    if (!summary) {
      // The account is gone (deleted while the session lived): end the session rather than show stale data.
      await reply.endSession();
      return reply.redirect('/login', 303);
    }
    const total = summary.totalPoints;
    const grade = ecoGradeOf(total);
    const months = seoulMonths(MYPAGE_MONTHS, now).map(({ month }) => ({ month, points: summary.monthPoints[month] ?? 0, averagePoints: averages.get(month) ?? 0 }));
    const body = mypageBody({
      profile: summary.profile,
      ageBand,
      totalPoints: total,
      grade,
      temperatureC: arcticTemperatureOf(grade),
      toNextGrade: pointsToNextGrade(total),
      months,
      ranks,
      saved: request.query.saved === '1',
      welcome: request.query.welcome === '1',
      ...(uploads ? { history: ecopointHistoryCard(uploads) } : {}),
    });
    return sendPage(request, reply, { title: '마이페이지', nav: 'mypage', body, scripts: [app.assetUrl('chart.umd.min.js'), app.assetUrl('mypage-chart.js'), app.assetUrl('ecopoint.js')] });
  });

  // Menu links go through here so the click is logged (menu_click) before the browser moves on.
  app.get<{ Params: MenuParamsInput }>('/menu/:menu', { schema: { params: MenuParams } }, async (request, reply) => {
    const menu = request.params.menu;
    try {
      await reply.ensureSession();
    } catch (err) {
      request.log.warn({ err }, 'could not create a session for a menu click');
    }
    request.publishEvent('menu_click', { menu }, { page: refererPage(request) });
    return reply.redirect(MENU_TARGETS[menu].href, 303);
  });

  // Every menu has its own page: routes/ecopoint.ts, nolabel.ts and places.ts.
  return Promise.resolve();
}
