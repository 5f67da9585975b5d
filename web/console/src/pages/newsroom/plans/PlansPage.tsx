/**
 * 选题 (/newsroom/plans, and /newsroom/plans/:id with that plan open): the board (one
 * column per status) or the calendar (by deadline), a search and "assigned to me"; 报选题
 * proposes one. The view and filters live in the address, so the drawer, a reload or a
 * notification link keep them.
 */
import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Flex, Input, Segmented } from 'antd';
import { AppstoreOutlined, CalendarOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../api/client';
import type { Page, Plan, PlanBoard as Board } from '../../../api/types';
import { matchPath, navigate, usePath } from '../../../app/router';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { PageHeader } from '../../../common/PageHeader';
import { useAsync } from '../../../common/useAsync';
import { useI18n } from '../../../i18n';
import { PlanBoard } from './PlanBoard';
import { PlanCalendar } from './PlanCalendar';
import { PlanDrawer } from './PlanDrawer';
import { PlanFormModal } from './PlanFormModal';
import { PLAN_STATUSES } from './shared';

type View = 'board' | 'calendar';

interface Query {
  view: View;
  q: string;
  mine: boolean;
  /** Calendar month, YYYY-MM. */
  month?: string;
}

function queryFromAddress(search: string): Query {
  const p = new URLSearchParams(search);
  const month = p.get('month');
  return {
    view: p.get('view') === 'calendar' ? 'calendar' : 'board',
    q: p.get('q') ?? '',
    mine: p.get('mine') === 'true',
    month: month && /^\d{4}-\d{2}$/.test(month) ? month : undefined,
  };
}

function searchOf(q: Query): string {
  const p = new URLSearchParams();
  if (q.view !== 'board') p.set('view', q.view);
  if (q.q) p.set('q', q.q);
  if (q.mine) p.set('mine', 'true');
  if (q.view === 'calendar' && q.month) p.set('month', q.month);
  const text = p.toString();
  return text ? `?${text}` : '';
}

/** The board; with a search or "mine" it is built from one filtered list per status (the board call takes no filters). */
async function loadBoard(q: Query): Promise<Board> {
  if (!q.q && !q.mine) return api.get<Board>('/api/plans/board');
  const columns = await Promise.all(
    PLAN_STATUSES.map(async (status) => {
      const r = await api.get<Page<Plan>>('/api/plans', { status, q: q.q, assignedToMe: q.mine || undefined, pageSize: 50 });
      return { status, total: r.total, items: r.items };
    }),
  );
  return { columns };
}

export default function PlansPage() {
  const { t } = useI18n();
  const path = usePath();
  const openId = matchPath('/newsroom/plans/:id', path)?.id ?? null;
  const [query, setQuery] = useState<Query>(() => queryFromAddress(window.location.search));
  const [searchText, setSearchText] = useState(query.q);
  const [proposing, setProposing] = useState(false);
  const [refresh, setRefresh] = useState(0);

  const board = useAsync(() => (query.view === 'board' ? loadBoard(query) : Promise.resolve(undefined)), [query.view, query.q, query.mine, refresh]);

  // The address follows the view and filters (the open plan stays in the path).
  useEffect(() => {
    const base = openId ? `/newsroom/plans/${encodeURIComponent(openId)}` : '/newsroom/plans';
    navigate(base + searchOf(query), { replace: true });
    // Only the query changes the address here; opening and closing plans navigate themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query]);

  const open = (plan: Plan) => navigate(`/newsroom/plans/${plan.id}${searchOf(query)}`);
  const month: Dayjs = query.month ? dayjs(`${query.month}-01`) : dayjs();

  return (
    <>
      <PageHeader
        title={t('nav.plans')}
        subtitle={t('plan.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setProposing(true)} data-testid="new-plan">
            {t('plan.propose')}
          </Button>
        }
      />
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented<View>
            value={query.view}
            onChange={(view) => setQuery((q) => ({ ...q, view }))}
            options={[
              { value: 'board', label: t('plan.viewBoard'), icon: <AppstoreOutlined /> },
              { value: 'calendar', label: t('plan.viewCalendar'), icon: <CalendarOutlined /> },
            ]}
            data-testid="plan-view"
          />
          <Input.Search
            allowClear
            placeholder={t('plan.searchPlaceholder')}
            style={{ width: 240 }}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(value) => setQuery((q) => ({ ...q, q: value.trim() }))}
            data-testid="plan-search"
          />
          <Checkbox checked={query.mine} onChange={(e) => setQuery((q) => ({ ...q, mine: e.target.checked }))} data-testid="plan-mine">
            {t('plan.assignedToMe')}
          </Checkbox>
          <Button icon={<ReloadOutlined />} onClick={() => setRefresh((n) => n + 1)}>{t('common.refresh')}</Button>
        </Flex>
        {query.view === 'board' ? (
          <>
            <ErrorAlert error={board.error} onRetry={board.reload} />
            <PlanBoard board={board.data} loading={board.loading} onOpen={open} />
          </>
        ) : (
          <PlanCalendar
            month={month}
            onMonth={(m) => setQuery((q) => ({ ...q, month: m.format('YYYY-MM') }))}
            filters={{ q: query.q, assignedToMe: query.mine }}
            refresh={refresh}
            onOpen={open}
          />
        )}
      </Card>
      <PlanFormModal
        open={proposing}
        plan={null}
        onClose={() => setProposing(false)}
        onSaved={(plan) => {
          setProposing(false);
          setRefresh((n) => n + 1);
          open(plan);
        }}
      />
      <PlanDrawer
        id={openId}
        onClose={() => navigate(`/newsroom/plans${searchOf(query)}`)}
        onChanged={() => setRefresh((n) => n + 1)}
      />
    </>
  );
}
