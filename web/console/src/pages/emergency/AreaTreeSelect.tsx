/**
 * Target areas of a broadcast: several towns and villages (or the whole county) from
 * the area tree, each level loaded from /api/areas?parent= when opened. The county's
 * towns are loaded at once, so the common case (some towns) is one click each.
 * Checking a town does not check its villages: the town's code covers them.
 */
import { useEffect, useState } from 'react';
import { Flex, TreeSelect, Typography } from 'antd';
import { api } from '../../api/client';
import type { Area, Items } from '../../api/types';
import { useI18n } from '../../i18n';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const toNode = (area: Area): Node => ({ id: area.code, pId: area.parentCode, value: area.code, title: area.name, isLeaf: area.childCount === 0 });

async function children(parent?: string): Promise<Node[]> {
  const { items } = await api.get<Items<Area>>('/api/areas', { parent });
  return items.map(toNode);
}

interface Props {
  id?: string;
  value?: string[];
  onChange?(value: string[]): void;
  /** Names known from elsewhere (a broadcast copied as new), for codes not loaded yet. */
  knownNames?: Map<string, string>;
}

export function AreaTreeSelect({ id, value = [], onChange, knownNames }: Props) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    (async () => {
      const roots = await children();
      let all = roots;
      // One county at the root: show its towns straight away.
      if (roots.length === 1 && !roots[0]!.isLeaf) {
        all = [...roots, ...(await children(roots[0]!.value))];
        if (live) setExpanded([roots[0]!.value]);
      }
      if (live) setNodes(all);
    })().catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);

  const nameOf = (code: string) => nodes.find((n) => n.value === code)?.title ?? knownNames?.get(code) ?? code;

  return (
    <Flex vertical gap={4}>
      <TreeSelect
        id={id}
        multiple
        treeCheckable
        treeCheckStrictly
        treeDataSimpleMode
        treeData={nodes}
        value={value.map((code) => ({ value: code, label: nameOf(code) }))}
        onChange={(next: { value: string | number }[]) => onChange?.(next.map((v) => String(v.value)))}
        treeExpandedKeys={expanded}
        onTreeExpand={(keys) => setExpanded(keys.map(String))}
        loadData={async (node) => {
          const code = String(node.value);
          if (nodes.some((n) => n.pId === code)) return;
          const more = await children(code);
          setNodes((prev) => [...prev, ...more.filter((m) => !prev.some((p) => p.id === m.id))]);
        }}
        showSearch={{ treeNodeFilterProp: 'title' }}
        maxTagCount={12}
        placeholder={failed ? t('areas.loadFailed') : t('eb.form.areasPick')}
        popupMatchSelectWidth={false}
        listHeight={360}
        style={{ width: '100%' }}
        data-testid="eb-areas"
      />
      <Typography.Text type="secondary" data-testid="eb-areas-count">
        {t('eb.form.areasSelected', { n: value.length })}
      </Typography.Text>
    </Flex>
  );
}
