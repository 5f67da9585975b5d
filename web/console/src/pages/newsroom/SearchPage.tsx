/**
 * 稿件检索: full-text search of the manuscripts the user may see, best match first.
 * Highlights come as [start, end) ranges of the plain title and snippet text; they are
 * cut into <mark> elements here (text stays text: no HTML from the server is rendered).
 * The query lives in the address, so the manuscripts list can jump here with `?q=`.
 */
import { Fragment, useEffect, useState, type ReactNode } from 'react';
import { Card, Empty, Flex, Input, List, Select, Typography } from 'antd';
import { api } from '../../api/client';
import type { HighlightRange, ManuscriptHit, ManuscriptStatus, Page } from '../../api/types';
import { Link, navigate } from '../../app/router';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useAsync } from '../../common/useAsync';
import { useI18n } from '../../i18n';
import { statusLabel, STATUSES, StatusTag } from './shared';

/** `text` with the given ranges wrapped in <mark>; ranges out of order, overlapping or out of bounds are tolerated. */
export function Highlighted({ text, ranges }: { text: string; ranges: HighlightRange[] }): ReactNode {
  const sorted = [...ranges].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [rawStart, rawEnd] of sorted) {
    const start = Math.max(at, Math.min(rawStart, text.length));
    const end = Math.min(rawEnd, text.length);
    if (end <= start) continue;
    if (start > at) parts.push(<Fragment key={`t${at}`}>{text.slice(at, start)}</Fragment>);
    parts.push(<mark key={`m${start}`} data-testid="search-mark">{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(<Fragment key={`t${at}`}>{text.slice(at)}</Fragment>);
  return <>{parts}</>;
}

interface Query {
  q: string;
  status?: ManuscriptStatus;
  page: number;
  pageSize: number;
}

function queryFromAddress(search: string): Query {
  const p = new URLSearchParams(search);
  const status = p.get('status');
  const page = Number(p.get('page'));
  return {
    q: p.get('q') ?? '',
    status: STATUSES.includes(status as ManuscriptStatus) ? (status as ManuscriptStatus) : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: 20,
  };
}

function addressOf(q: Query): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.status) p.set('status', q.status);
  if (q.page !== 1) p.set('page', String(q.page));
  const text = p.toString();
  return `/newsroom/search${text ? `?${text}` : ''}`;
}

export default function SearchPage() {
  const { t, formatDateTime } = useI18n();
  const [query, setQuery] = useState<Query>(() => queryFromAddress(window.location.search));
  const [text, setText] = useState(query.q);

  const result = useAsync(
    () => (query.q.trim() ? api.get<Page<ManuscriptHit>>('/api/search/manuscripts', { q: query.q, status: query.status, page: query.page, pageSize: query.pageSize }) : Promise.resolve(undefined)),
    [query],
  );
  useEffect(() => {
    navigate(addressOf(query), { replace: true });
  }, [query]);

  const searched = Boolean(query.q.trim());
  return (
    <>
      <PageHeader title={t('nav.search')} subtitle={t('search.subtitle')} />
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
          <Input.Search
            allowClear
            enterButton={t('common.search')}
            placeholder={t('search.placeholder')}
            style={{ maxWidth: 560, flex: 1 }}
            value={text}
            maxLength={1000}
            onChange={(e) => setText(e.target.value)}
            onSearch={(value) => setQuery((q) => ({ ...q, q: value.trim(), page: 1 }))}
            data-testid="search-input"
          />
          <Select
            allowClear
            placeholder={t('ms.status')}
            style={{ width: 120 }}
            value={query.status}
            onChange={(status?: ManuscriptStatus) => setQuery((q) => ({ ...q, status, page: 1 }))}
            options={STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
          />
        </Flex>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="search-hint">
          {t('search.hint')}
        </Typography.Paragraph>
        <ErrorAlert error={result.error} onRetry={result.reload} />
        {!searched ? (
          <Empty description={t('search.prompt')} />
        ) : (
          <List<ManuscriptHit>
            loading={result.loading}
            dataSource={result.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('search.noMatch')} /> }}
            pagination={
              result.data && result.data.total > query.pageSize
                ? { current: query.page, pageSize: query.pageSize, total: result.data.total, showSizeChanger: false, onChange: (page) => setQuery((q) => ({ ...q, page })) }
                : false
            }
            header={result.data ? <Typography.Text type="secondary">{t('search.found', { total: result.data.total })}</Typography.Text> : undefined}
            renderItem={(hit) => (
              <List.Item key={hit.id} data-testid="search-hit">
                <List.Item.Meta
                  title={
                    <Flex gap={8} align="center" wrap>
                      <Link href={`/newsroom/manuscripts/${hit.id}`} data-testid="search-hit-link">
                        <Highlighted text={hit.title} ranges={hit.titleHighlights} />
                      </Link>
                      <StatusTag m={{ status: hit.status as ManuscriptStatus, reviewLevel: null }} />
                      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>{formatDateTime(hit.updatedAt)}</Typography.Text>
                    </Flex>
                  }
                  description={
                    <Typography.Paragraph style={{ margin: 0 }} data-testid="search-snippet">
                      <Highlighted text={hit.snippet.text} ranges={hit.snippet.highlights} />
                    </Typography.Paragraph>
                  }
                />
              </List.Item>
            )}
            data-testid="search-results"
          />
        )}
      </Card>
    </>
  );
}
