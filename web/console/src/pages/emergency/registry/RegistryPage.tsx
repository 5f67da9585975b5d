/**
 * 终端资源: the registry of broadcast resources. Left, the area tree with the terminals of
 * each subtree counted by status, loaded a level at a time; right, the totals and the
 * resources of the selected area (with everything inside it), filtered, sorted and paged
 * on the server; a CSV export of what is shown, and for managers the CSV import.
 */
import { useCallback, useEffect, useState, type Key, type ReactNode } from 'react';
import { Button, Card, Col, Flex, Input, Row, Select, Space, Spin, Statistic, Table, Tree, Typography } from 'antd';
import { DownloadOutlined, ImportOutlined, ReloadOutlined } from '@ant-design/icons';
import type { ColumnsType } from 'antd/es/table/interface';
import { api, queryString } from '../../../api/client';
import type { EbAreaNode, EbAreaTree, EbResource, EbResourceKind, EbResourceStatus, EbSummary, Page } from '../../../api/types';
import { useCurrentSession } from '../../../app/session';
import { ErrorAlert } from '../../../common/ErrorAlert';
import { PageHeader } from '../../../common/PageHeader';
import { useAsync } from '../../../common/useAsync';
import { useListQuery } from '../../../common/useListQuery';
import { useI18n } from '../../../i18n';
import { orderOf } from '../../newsroom/shared';
import { RegistryImportModal } from './RegistryImportModal';
import { CountTags, REGISTRY_MANAGE, RESOURCE_KINDS, RESOURCE_STATUSES, resourceKindLabel, resourceStatusLabel, ResourceStatusTag, STATUS_COLORS } from './shared';

interface TreeNode {
  key: string;
  title: ReactNode;
  isLeaf: boolean;
  children?: TreeNode[];
  area: EbAreaNode;
}

interface Filters {
  area?: string;
  kind?: EbResourceKind;
  status?: EbResourceStatus;
  q: string;
}

const NO_FILTERS: Filters = { area: undefined, kind: undefined, status: undefined, q: '' };

function toNode(area: EbAreaNode): TreeNode {
  return {
    key: area.code,
    isLeaf: area.childCount === 0,
    area,
    title: (
      <Space size={6} data-testid="area-node" data-code={area.code}>
        <span>{area.name}</span>
        <CountTags counts={area.terminals} />
      </Space>
    ),
  };
}

function withChildren(nodes: TreeNode[], key: string, children: TreeNode[]): TreeNode[] {
  return nodes.map((n) => (n.key === key ? { ...n, children, isLeaf: children.length === 0 } : n.children ? { ...n, children: withChildren(n.children, key, children) } : n));
}

function findNode(nodes: TreeNode[], key: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const inner = n.children ? findNode(n.children, key) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

export default function RegistryPage() {
  const { t, formatDateTime } = useI18n();
  const { can } = useCurrentSession();
  const [treeData, setTreeData] = useState<TreeNode[]>([]);
  const [treeError, setTreeError] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<Key[]>([]);
  const [importing, setImporting] = useState(false);
  const [treeTick, setTreeTick] = useState(0);

  const summary = useAsync(() => api.get<EbSummary>('/api/eb/summary'), [treeTick]);
  const { query, list, filter, reset, search, table } = useListQuery<Filters, EbResource>({
    filters: NO_FILTERS,
    sort: 'ebrid',
    pageSize: 20,
    pageSizes: [20, 50, 100],
    load: (q) => api.get<Page<EbResource>>('/api/eb/resources', { ...q }),
    deps: [treeTick],
  });

  useEffect(() => {
    let live = true;
    setTreeError(null);
    api.get<EbAreaTree>('/api/eb/areas/tree').then(
      (r) => {
        if (!live) return;
        setTreeData(r.items.map(toNode));
        setExpanded([]);
      },
      (err: unknown) => live && setTreeError(err),
    );
    return () => {
      live = false;
    };
  }, [treeTick]);

  const loadData = useCallback(async (node: { key: Key }) => {
    const key = String(node.key);
    try {
      const r = await api.get<EbAreaTree>('/api/eb/areas/tree', { parent: key });
      setTreeData((nodes) => withChildren(nodes, key, r.items.map(toNode)));
    } catch (err) {
      setTreeError(err);
    }
  }, []);

  const selected = query.area ? findNode(treeData, query.area)?.area : undefined;

  const columns: ColumnsType<EbResource> = [
    {
      title: t('ebr.name'), dataIndex: 'name', key: 'name', width: 220, sorter: true, sortOrder: orderOf(query.sort, 'name'),
      render: (name: string, r) => (
        <Flex vertical>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.physicalId}</Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('ebr.ebrid'), dataIndex: 'ebrid', key: 'ebrid', width: 230, sorter: true, sortOrder: orderOf(query.sort, 'ebrid'),
      // A terminal's signing certificate (GD/J 089), when enrolled: its serial under the code.
      render: (v: string, r) => (
        <Flex vertical>
          <Typography.Text code style={{ fontSize: 12 }}>{v}</Typography.Text>
          {r.certSerial ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="resource-cert-serial">
              {t('ebr.certSerial')} {r.certSerial}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    { title: t('ebr.kind'), dataIndex: 'kind', key: 'kind', width: 100, sorter: true, sortOrder: orderOf(query.sort, 'kind'), render: (k: string) => resourceKindLabel(t, k) },
    { title: t('ebr.area'), key: 'areaCode', width: 140, sorter: true, sortOrder: orderOf(query.sort, 'areaCode'), render: (_, r) => r.areaName ?? r.areaCode },
    { title: t('ebr.status'), dataIndex: 'status', key: 'status', width: 90, sorter: true, sortOrder: orderOf(query.sort, 'status'), render: (s: EbResourceStatus) => <ResourceStatusTag status={s} /> },
    {
      title: t('ebr.statusSince'), dataIndex: 'statusSince', key: 'statusSince', width: 150, sorter: true, sortOrder: orderOf(query.sort, 'statusSince'),
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('ebr.protocol'), key: 'protocol', width: 200,
      render: (_, r) => (r.protocol ? `${r.protocol.toUpperCase()}${r.address ? ` · ${r.address}` : ''}` : '—'),
    },
    { title: t('ebr.lastSeen'), dataIndex: 'lastSeenAt', key: 'lastSeenAt', width: 150, render: (v: string | null) => formatDateTime(v) },
  ];

  const terminals = summary.data?.byKind.terminal;
  const csvHref = `/api/eb/resources.csv${queryString({ area: query.area, kind: query.kind, status: query.status, q: query.q })}`;
  return (
    <>
      <PageHeader
        title={t('nav.ebRegistry')}
        subtitle={t('ebr.subtitle')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={csvHref} download data-testid="registry-export">{t('ebr.export')}</Button>
            {can(REGISTRY_MANAGE) ? (
              <Button type="primary" icon={<ImportOutlined />} onClick={() => setImporting(true)} data-testid="registry-import-open">{t('ebr.import')}</Button>
            ) : null}
          </>
        }
      />
      <ErrorAlert error={summary.error} onRetry={summary.reload} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }} data-testid="registry-summary">
        <Col xs={12} md={8} lg={4}>
          <Card size="small"><Statistic title={t('ebr.sumTotal')} value={summary.data?.total ?? '—'} /></Card>
        </Col>
        <Col xs={12} md={8} lg={4}>
          <Card size="small"><Statistic title={t('ebr.sumTerminals')} value={terminals?.total ?? '—'} /></Card>
        </Col>
        {RESOURCE_STATUSES.map((s) => (
          <Col xs={12} md={8} lg={4} key={s}>
            <Card
              size="small"
              hoverable
              style={{ borderColor: query.status === s && query.kind === 'terminal' ? '#1677ff' : undefined }}
              onClick={() => filter(query.status === s && query.kind === 'terminal' ? { status: undefined, kind: undefined } : { status: s, kind: 'terminal' })}
              data-testid={`summary-${s}`}
            >
              <Statistic
                title={t('ebr.sumTerminalsIn', { status: resourceStatusLabel(t, s) })}
                value={terminals?.[s] ?? '—'}
                valueStyle={{ color: { online: '#389e0d', playing: '#1677ff', fault: '#cf1322', offline: '#8c8c8c' }[s] }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={8} xl={7}>
          <Card size="small" title={t('ebr.areas')} data-testid="registry-tree" styles={{ body: { maxHeight: 'calc(100vh - 340px)', overflow: 'auto', minHeight: 200 } }}
            extra={query.area ? <Typography.Link onClick={() => filter({ area: undefined })}>{t('ebr.allAreas')}</Typography.Link> : null}>
            <ErrorAlert error={treeError} onRetry={() => setTreeTick((n) => n + 1)} />
            {treeData.length === 0 && !treeError ? <Spin /> : null}
            <Tree<TreeNode>
              blockNode
              treeData={treeData}
              loadData={loadData}
              expandedKeys={expanded}
              onExpand={(keys) => setExpanded(keys)}
              selectedKeys={query.area ? [query.area] : []}
              onSelect={(keys) => filter({ area: keys.length ? String(keys[0]) : undefined })}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={17}>
          <Card size="small" title={selected ? t('ebr.resourcesIn', { area: selected.name }) : t('ebr.resourcesAll')}>
            <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
              <Input.Search
                allowClear
                placeholder={t('ebr.searchPlaceholder')}
                style={{ width: 240 }}
                {...search}
                data-testid="registry-search"
              />
              <Select
                allowClear
                placeholder={t('ebr.kind')}
                style={{ width: 120 }}
                value={query.kind}
                onChange={(kind?: EbResourceKind) => filter({ kind })}
                options={RESOURCE_KINDS.map((k) => ({ value: k, label: resourceKindLabel(t, k) }))}
                data-testid="registry-kind"
              />
              <Select
                allowClear
                placeholder={t('ebr.status')}
                style={{ width: 110 }}
                value={query.status}
                onChange={(status?: EbResourceStatus) => filter({ status })}
                options={RESOURCE_STATUSES.map((s) => ({ value: s, label: <span style={{ color: STATUS_COLORS[s] === 'default' ? undefined : STATUS_COLORS[s] }}>{resourceStatusLabel(t, s)}</span> }))}
                data-testid="registry-status"
              />
              <Button icon={<ReloadOutlined />} onClick={reset}>
                {t('common.reset')}
              </Button>
            </Flex>
            <ErrorAlert error={list.error} onRetry={list.reload} />
            {/* The test id on a wrapper: it holds the pagination (with the total) too. */}
            <div data-testid="registry-table">
            <Table<EbResource>
              rowKey="id"
              size="small"
              {...table}
              columns={columns}
              scroll={{ x: 1280 }}
              locale={{ emptyText: t('ebr.empty') }}
            />
            </div>
          </Card>
        </Col>
      </Row>
      <RegistryImportModal open={importing} onClose={() => setImporting(false)} onImported={() => setTreeTick((n) => n + 1)} />
    </>
  );
}
