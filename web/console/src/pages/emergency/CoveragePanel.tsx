/**
 * How far an approved (or cancelled) broadcast got, from GET /api/eb/broadcasts/:id/coverage,
 * refreshed every 3 s while the page is open. What an operator acts on comes FIRST: the
 * areas and terminals NOT reached, each with the reason the terminal or the watchdog gave
 * (queued behind a higher-priority broadcast, no audio, no answer…); then reached / total
 * with a progress bar and the counts by delivery state; then a per-area table (area names
 * from /api/areas).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Flex, Progress, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, WarningOutlined } from '@ant-design/icons';
import { downloadFile } from './download';
import { api } from '../../api/client';
import { errorMessage } from '../../common/errors';
import { useI18n } from '../../i18n';
import { useAreaNames, styles } from './shared';

export const DELIVERY_STATES = ['pending', 'sent', 'queued', 'playing', 'stopped', 'failed', 'offline'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface Coverage {
  /** `reason`: the delivery's last error (PREEMPTED, NO_AUDIO, NO_ACK, …); absent from older servers. */
  notReached: { ebrid: string; areaCode: string; state: string; reason?: string | null }[];
  broadcastId: string;
  ebmid: string | null;
  status: string;
  total: number;
  reached: number;
  byState: Record<DeliveryState, number>;
  byArea: { areaCode: string; total: number; playing: number; stopped: number; notReached: number }[];
}

export const COVERAGE_REFRESH_MS = 3000;

const STATE_COLORS: Record<DeliveryState, string> = {
  pending: 'default',
  sent: 'processing',
  queued: 'purple',
  playing: 'success',
  stopped: 'cyan',
  failed: 'error',
  offline: 'warning',
};

const MESSAGES = {
  'zh-CN': {
    title: '覆盖情况',
    refreshing: '每 3 秒自动刷新',
    report: '下载逐终端报告（CSV）',
    notReachedTitle: '未覆盖的区域与终端',
    allReached: '所有终端均已覆盖',
    noTerminals: '目标区域内没有登记的终端',
    notReachedAreas: '未覆盖区域 {n} 个',
    notReachedTerminals: '未覆盖终端 {n} 个',
    terminal: '终端 EBRID',
    area: '区域',
    state: '状态',
    reason: '原因',
    reached: '已覆盖 {reached} / {total}',
    byArea: '按区域',
    total: '终端数',
    playing: '播出中',
    stopped: '已停止',
    notReached: '未覆盖',
    loadFailed: '覆盖情况加载失败',
    'state.pending': '待下发',
    'state.sent': '已下发',
    'state.queued': '排队/被抢占',
    'state.playing': '播出中',
    'state.stopped': '已停止',
    'state.failed': '失败',
    'state.offline': '离线',
  },
  en: {
    title: 'Coverage',
    refreshing: 'Refreshes every 3 s',
    report: 'Download the per-terminal report (CSV)',
    notReachedTitle: 'Areas and terminals NOT reached',
    allReached: 'Every terminal has been reached',
    noTerminals: 'No registered terminals in the target areas',
    notReachedAreas: '{n} areas not reached',
    notReachedTerminals: '{n} terminals not reached',
    terminal: 'Terminal EBRID',
    area: 'Area',
    state: 'State',
    reason: 'Reason',
    reached: 'Reached {reached} / {total}',
    byArea: 'By area',
    total: 'Terminals',
    playing: 'Playing',
    stopped: 'Stopped',
    notReached: 'Not reached',
    loadFailed: 'Could not load the coverage',
    'state.pending': 'Pending',
    'state.sent': 'Sent',
    'state.queued': 'Queued / preempted',
    'state.playing': 'Playing',
    'state.stopped': 'Stopped',
    'state.failed': 'Failed',
    'state.offline': 'Offline',
  },
} as const;
type Key = keyof (typeof MESSAGES)['zh-CN'];

function useCoverageText() {
  const { lang } = useI18n();
  const dict = MESSAGES[lang] ?? MESSAGES['zh-CN'];
  return (key: Key, vars?: Record<string, string | number>) =>
    dict[key].replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));
}

/** Polls the coverage every 3 s (no overlapping requests) while mounted. */
function useCoverage(broadcastId: string) {
  const [data, setData] = useState<Coverage>();
  const [error, setError] = useState<unknown>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const c = await api.get<Coverage>(`/api/eb/broadcasts/${encodeURIComponent(broadcastId)}/coverage`);
        if (!alive.current) return;
        setData(c);
        setError(null);
      } catch (err) {
        if (!alive.current) return;
        setError(err);
      }
      if (alive.current) timer = setTimeout(() => void tick(), COVERAGE_REFRESH_MS);
    };
    void tick();
    return () => {
      alive.current = false;
      if (timer) clearTimeout(timer);
    };
  }, [broadcastId]);
  return { data, error };
}

export function CoveragePanel({ broadcastId }: { broadcastId: string }) {
  const i18n = useI18n();
  const tc = useCoverageText();
  const { data, error } = useCoverage(broadcastId);
  const codes = useMemo(() => {
    const all = new Set<string>();
    for (const n of data?.notReached ?? []) all.add(n.areaCode);
    for (const a of data?.byArea ?? []) all.add(a.areaCode);
    return [...all].sort();
  }, [data]);
  const names = useAreaNames(codes);
  const nameOf = (code: string) => names.data?.get(code) ?? code;

  const stateTag = (state: string) => (
    <Tag color={STATE_COLORS[state as DeliveryState] ?? 'default'} data-testid="eb-coverage-state" data-state={state}>
      {DELIVERY_STATES.includes(state as DeliveryState) ? tc(`state.${state as DeliveryState}`) : state}
    </Tag>
  );

  const reasonText = (reason: string | null | undefined) =>
    reason ? (
      <Typography.Text type="secondary" data-testid="eb-coverage-reason" data-reason={reason} title={reason}>
        {i18n.tOr(`eb.delivery.reason.${reason}`, reason)}
      </Typography.Text>
    ) : null;

  const notReachedAreas = (data?.byArea ?? []).filter((a) => a.notReached > 0);
  const percent = data && data.total ? Math.round((data.reached / data.total) * 100) : 0;

  return (
    <Card
      title={tc('title')}
      extra={
        <Space>
          <Typography.Text type="secondary">{tc('refreshing')}</Typography.Text>
          <Button size="small" icon={<DownloadOutlined />} data-testid="eb-coverage-report"
            onClick={() => void downloadFile(`/api/eb/broadcasts/${broadcastId}/coverage.csv`, 'coverage.csv').catch(() => undefined)}>
            {tc('report')}
          </Button>
        </Space>
      }
      style={{ marginBottom: 16 }}
      data-testid="eb-coverage"
      data-loaded={String(Boolean(data))}
    >
      {error && !data ? <Alert type="error" showIcon title={tc('loadFailed')} description={errorMessage(error, i18n)} data-testid="eb-coverage-error" /> : null}
      {data ? (
        <Flex vertical gap={16}>
          {/* 1. What was NOT reached: first. */}
          <section data-testid="eb-coverage-not-reached" data-count={data.notReached.length}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              <Space>
                {data.notReached.length ? <WarningOutlined style={{ color: '#cf1322' }} /> : null}
                {tc('notReachedTitle')}
              </Space>
            </Typography.Title>
            {data.total === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={tc('noTerminals')} />
            ) : data.notReached.length === 0 ? (
              <Alert type="success" showIcon title={tc('allReached')} data-testid="eb-coverage-all-reached" />
            ) : (
              <Flex vertical gap={8}>
                <Space wrap size={[4, 4]} data-testid="eb-coverage-not-reached-areas">
                  <Typography.Text strong>{tc('notReachedAreas', { n: notReachedAreas.length })}：</Typography.Text>
                  {notReachedAreas.map((a) => (
                    <Tag key={a.areaCode} color="error" title={a.areaCode} data-area={a.areaCode}>
                      {nameOf(a.areaCode)} · {a.notReached}
                    </Tag>
                  ))}
                </Space>
                <Typography.Text strong>{tc('notReachedTerminals', { n: data.notReached.length })}</Typography.Text>
                <Table
                  size="small"
                  rowKey="ebrid"
                  data-testid="eb-coverage-not-reached-terminals"
                  dataSource={data.notReached}
                  pagination={data.notReached.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
                  columns={[
                    { key: 'ebrid', title: tc('terminal'), dataIndex: 'ebrid', render: (v: string) => <span className={styles.mono} data-testid="eb-coverage-ebrid">{v}</span> },
                    { key: 'area', title: tc('area'), dataIndex: 'areaCode', render: (v: string) => <span title={v}>{nameOf(v)}</span> },
                    { key: 'state', title: tc('state'), dataIndex: 'state', render: (v: string) => stateTag(v) },
                    { key: 'reason', title: tc('reason'), dataIndex: 'reason', render: (v: string | null | undefined) => reasonText(v) },
                  ]}
                />
              </Flex>
            )}
          </section>

          {/* 2. Totals. */}
          <section data-testid="eb-coverage-totals" data-reached={data.reached} data-total={data.total}>
            <Typography.Text strong data-testid="eb-coverage-reached">{tc('reached', { reached: data.reached, total: data.total })}</Typography.Text>
            <Progress percent={percent} status={data.total && data.reached === data.total ? 'success' : 'active'} />
            <Space wrap size={[8, 8]} data-testid="eb-coverage-by-state">
              {DELIVERY_STATES.map((s) => (
                <Tag key={s} color={STATE_COLORS[s]} data-state={s} data-count={data.byState[s] ?? 0}>
                  {tc(`state.${s}`)} {data.byState[s] ?? 0}
                </Tag>
              ))}
            </Space>
          </section>

          {/* 3. Per area. */}
          <section>
            <Typography.Title level={5} style={{ marginTop: 0 }}>{tc('byArea')}</Typography.Title>
            <Table
              size="small"
              rowKey="areaCode"
              data-testid="eb-coverage-by-area"
              dataSource={data.byArea}
              pagination={data.byArea.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
              columns={[
                { key: 'area', title: tc('area'), dataIndex: 'areaCode', render: (v: string) => <span title={v} data-area={v}>{nameOf(v)}</span> },
                { key: 'total', title: tc('total'), dataIndex: 'total', align: 'right' },
                { key: 'playing', title: tc('playing'), dataIndex: 'playing', align: 'right' },
                { key: 'stopped', title: tc('stopped'), dataIndex: 'stopped', align: 'right' },
                {
                  key: 'notReached', title: tc('notReached'), dataIndex: 'notReached', align: 'right',
                  render: (v: number) => (v ? <Typography.Text type="danger" strong>{v}</Typography.Text> : v),
                },
              ]}
            />
          </section>
        </Flex>
      ) : !error ? (
        <Typography.Text type="secondary">…</Typography.Text>
      ) : null}
    </Card>
  );
}
