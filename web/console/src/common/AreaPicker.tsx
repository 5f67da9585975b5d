/** Picks an administrative area (county → town → village), loading each level on demand. */
import { useEffect, useState } from 'react';
import { TreeSelect } from 'antd';
import { api } from '../api/client';
import type { Area, Items } from '../api/types';
import { useI18n } from '../i18n';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
}

const toNode = (area: Area): Node => ({
  id: area.code,
  pId: area.parentCode,
  value: area.code,
  title: `${area.name}（${area.code}）`,
  isLeaf: area.childCount === 0,
});

async function children(parent?: string): Promise<Node[]> {
  const { items } = await api.get<Items<Area>>('/api/areas', { parent });
  return items.map(toNode);
}

export function AreaPicker({ id, value, onChange }: { id?: string; value?: string | null; onChange?(value: string | null): void }) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<Node[]>([]);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    children().then(setNodes, () => setFailed(true));
  }, []);

  return (
    <TreeSelect
      id={id}
      allowClear
      treeDataSimpleMode
      treeData={nodes}
      value={value ?? undefined}
      onChange={(v?: string) => onChange?.(v ?? null)}
      placeholder={failed ? t('areas.loadFailed') : t('areas.pick')}
      popupMatchSelectWidth={false}
      loadData={async (node) => {
        const code = String(node.value);
        if (nodes.some((n) => n.pId === code)) return;
        const more = await children(code);
        setNodes((prev) => [...prev, ...more.filter((m) => !prev.some((p) => p.id === m.id))]);
      }}
    />
  );
}
