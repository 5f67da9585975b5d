/**
 * Permissions grouped by module and labelled in the current language: as a checklist
 * (role form) and as read-only tags (roles table).
 */
import { Checkbox, Descriptions, Flex, Tag, Typography } from 'antd';
import type { Permission } from '../../api/types';
import { useI18n } from '../../i18n';

/** Permissions by module, in the server's order. */
export function groupByModule(permissions: Permission[]): [string, Permission[]][] {
  const groups = new Map<string, Permission[]>();
  for (const p of permissions) {
    const list = groups.get(p.module) ?? [];
    list.push(p);
    groups.set(p.module, list);
  }
  return [...groups.entries()];
}

export function usePermissionLabels() {
  const { lang, tOr } = useI18n();
  return {
    moduleLabel: (module: string) => tOr(`module.${module}`, module),
    permissionLabel: (p: Permission) => (lang === 'en' ? p.en : p.zh) || p.key,
  };
}

interface ChecklistProps {
  permissions: Permission[];
  value?: string[];
  onChange?(value: string[]): void;
  disabled?: boolean;
}

/** A form control: one block per module with a select-all box. */
export function PermissionChecklist({ permissions, value = [], onChange, disabled }: ChecklistProps) {
  const { moduleLabel, permissionLabel } = usePermissionLabels();
  const chosen = new Set(value);
  const set = (keys: string[], on: boolean) => {
    const next = new Set(chosen);
    for (const key of keys) {
      if (on) next.add(key);
      else next.delete(key);
    }
    onChange?.(permissions.map((p) => p.key).filter((key) => next.has(key)));
  };

  return (
    <Flex vertical gap={12}>
      {groupByModule(permissions).map(([module, list]) => {
        const keys = list.map((p) => p.key);
        const count = keys.filter((k) => chosen.has(k)).length;
        return (
          <div key={module} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px' }} data-testid={`perm-module-${module}`}>
            <Checkbox
              checked={count === keys.length}
              indeterminate={count > 0 && count < keys.length}
              disabled={disabled}
              onChange={(e) => set(keys, e.target.checked)}
            >
              <Typography.Text strong>{moduleLabel(module)}</Typography.Text>
            </Checkbox>
            <Flex vertical gap={4} style={{ marginTop: 6, paddingLeft: 24 }}>
              {list.map((p) => (
                <Checkbox key={p.key} checked={chosen.has(p.key)} disabled={disabled} onChange={(e) => set([p.key], e.target.checked)}>
                  {permissionLabel(p)}{' '}
                  <Typography.Text type="secondary" code style={{ fontSize: 11 }}>
                    {p.key}
                  </Typography.Text>
                </Checkbox>
              ))}
            </Flex>
          </div>
        );
      })}
    </Flex>
  );
}

/** A role's permissions as tags, one row per module. */
export function PermissionTags({ keys, permissions }: { keys: string[]; permissions: Permission[] }) {
  const { t } = useI18n();
  const { moduleLabel, permissionLabel } = usePermissionLabels();
  const held = new Set(keys);
  const known = permissions.filter((p) => held.has(p.key));
  const unknown = keys.filter((k) => !permissions.some((p) => p.key === k));
  if (!keys.length) return <Typography.Text type="secondary">{t('roles.noPermissions')}</Typography.Text>;
  const groups = groupByModule(known);
  if (unknown.length) groups.push(['?', unknown.map((key) => ({ key, module: '?', zh: key, en: key }))]);
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={groups.map(([module, list]) => ({
        key: module,
        label: module === '?' ? t('roles.otherPermissions') : moduleLabel(module),
        children: (
          <Flex wrap gap={4}>
            {list.map((p) => <Tag key={p.key}>{permissionLabel(p)}</Tag>)}
          </Flex>
        ),
      }))}
    />
  );
}
