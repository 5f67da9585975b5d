/**
 * 行政区划: the county's administrative divisions as a tree (county → towns →
 * villages), each level loaded when opened, with the chosen area's details.
 */
import { useEffect, useState } from 'react';
import { Card, Col, Descriptions, Empty, Row, Spin, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import { api } from '../../api/client';
import type { Area, AreaLevel, Items } from '../../api/types';
import { ErrorAlert } from '../../common/ErrorAlert';
import { PageHeader } from '../../common/PageHeader';
import { useI18n } from '../../i18n';

const LEVEL_COLORS: Record<AreaLevel, string> = { county: 'red', town: 'blue', village: 'green' };

interface AreaNode extends TreeDataNode {
  key: string;
  area: Area;
  children?: AreaNode[];
}

function replaceChildren(nodes: AreaNode[], key: string, children: AreaNode[]): AreaNode[] {
  return nodes.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: replaceChildren(n.children, key, children) } : n));
}

export default function AreasPage() {
  const { t } = useI18n();
  const [tree, setTree] = useState<AreaNode[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Area | null>(null);
  const [attempt, setAttempt] = useState(0);

  const levelTag = (level: AreaLevel) => <Tag color={LEVEL_COLORS[level]} style={{ marginInlineStart: 6 }}>{t(`areas.level.${level}`)}</Tag>;
  const toNode = (area: Area): AreaNode => ({
    key: area.code,
    area,
    isLeaf: area.childCount === 0,
    title: (
      <span>
        {area.name}
        {levelTag(area.level)}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{area.code}</Typography.Text>
      </span>
    ),
  });

  async function load(parent?: string): Promise<AreaNode[]> {
    const { items } = await api.get<Items<Area>>('/api/areas', { parent });
    return items.map(toNode);
  }

  useEffect(() => {
    setLoading(true);
    load().then(
      (roots) => {
        setTree(roots);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        setError(err);
        setLoading(false);
      },
    );
    // The tree's labels depend on the language; reload it when it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, t]);

  return (
    <>
      <PageHeader title={t('nav.areas')} subtitle={t('areas.subtitle')} />
      <ErrorAlert error={error} onRetry={() => setAttempt((n) => n + 1)} />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card title={t('areas.tree')} styles={{ body: { maxHeight: 'calc(100vh - 260px)', overflow: 'auto' } }}>
            {loading ? (
              <Spin />
            ) : tree.length ? (
              <Tree<AreaNode>
                showLine
                treeData={tree}
                data-testid="areas-tree"
                onSelect={(_, info) => setSelected(info.selected ? info.node.area : null)}
                loadData={async (node) => {
                  if (node.children) return;
                  try {
                    const children = await load(node.key);
                    setTree((prev) => replaceChildren(prev, node.key, children));
                  } catch (err) {
                    setError(err);
                  }
                }}
              />
            ) : (
              <Empty description={t('areas.empty')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('areas.detail')}>
            {selected ? (
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'name', label: t('areas.name'), children: selected.name },
                  { key: 'code', label: t('areas.code'), children: <Typography.Text copyable code>{selected.code}</Typography.Text> },
                  { key: 'level', label: t('areas.levelLabel'), children: levelTag(selected.level) },
                  { key: 'parent', label: t('areas.parent'), children: selected.parentCode ?? '—' },
                  { key: 'children', label: t('areas.childCount'), children: selected.childCount },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('areas.pickHint')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
