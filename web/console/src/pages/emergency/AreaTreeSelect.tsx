/**
 * Target areas of a broadcast: several towns and villages (or the whole county) from
 * the area tree, each level loaded from /api/areas?parent= when opened. The county's
 * towns are loaded at once, so the common case (some towns) is one click each.
 * Checking a town does not check its villages: the town's code covers them.
 * `roots` (a town or village operator's granted areas) start the tree there instead:
 * nothing outside them can be picked.
 */
import { useEffect, useState } from 'react';
import { Flex, TreeSelect, Typography } from 'antd';
import { api } from '../../api/client';
import type { Area, Items } from '../../api/types';
import { useI18n } from '../../i18n';
import { areaContains } from './scopeLimits';

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
  /** Only these areas and what lies inside them (each shown with its children at once). */
  roots?: readonly { code: string; name: string }[];
}

/** The granted areas as roots, each with its children loaded. */
async function rootedAt(granted: readonly { code: string; name: string }[]): Promise<Node[]> {
  // A village granted inside a granted town is already in the town's subtree.
  const roots = granted.filter((r, i) => !granted.some((o, j) => j !== i && o.code !== r.code && areaContains(o.code, r.code))
    && granted.findIndex((o) => o.code === r.code) === i);
  const kids = await Promise.all(roots.map((r) => children(r.code)));
  return roots.flatMap((r, i) => [{ id: r.code, pId: null, value: r.code, title: r.name, isLeaf: kids[i]!.length === 0 }, ...kids[i]!]);
}

export function AreaTreeSelect({ id, value = [], onChange, knownNames, roots: granted }: Props) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let live = true;
    (async () => {
      if (granted) {
        const nodes = await rootedAt(granted);
        if (live) {
          setExpanded(granted.map((r) => r.code));
          setNodes(nodes);
        }
        return;
      }
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
  }, [granted]);

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
