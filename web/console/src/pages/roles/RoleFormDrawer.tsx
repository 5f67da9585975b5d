/** Create or edit a custom role; a built-in role opens read-only. */
import { Alert, Button, Drawer, Flex, Form, Input } from 'antd';
import { api } from '../../api/client';
import type { Permission, Role } from '../../api/types';
import { roleName } from '../../common/roleNames';
import { FormError, useFormModal } from '../../common/useFormModal';
import { useI18n } from '../../i18n';
import { PermissionChecklist } from './permissions';

interface Values {
  code: string;
  name: string;
  description?: string;
  permissions: string[];
}

const FIELDS = ['code', 'name', 'description', 'permissions'] as const;
const CODE_FIELDS: Record<string, keyof Values> = { ROLE_CODE_TAKEN: 'code', PERMISSION_UNKNOWN: 'permissions' };

interface Props {
  open: boolean;
  /** null: create. */
  role: Role | null;
  permissions: Permission[];
  onClose(): void;
  onSaved(): void;
}

export function RoleFormDrawer({ open, role, permissions, onClose, onSaved }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const readOnly = role?.builtin ?? false;
  const { form, formError, saving, submit, creating } = useFormModal<Role, Values>({
    open,
    record: role,
    // A built-in role is only viewed: show its name in the current language. An editable
    // (custom) role shows the name it is stored under.
    values: (r) => ({ code: r.code, name: r.builtin ? roleName(r, i18n.lang) : r.name, description: r.description ?? '', permissions: r.permissions }),
    fields: FIELDS,
    codeFields: CODE_FIELDS,
    async save(values) {
      const body = { name: values.name.trim(), description: values.description?.trim() ?? '', permissions: values.permissions ?? [] };
      if (role) await api.patch(`/api/roles/${role.id}`, body);
      else await api.post('/api/roles', { code: values.code.trim(), ...body });
      return role ? t('common.saved') : t('roles.created', { name: body.name });
    },
    onClose,
    onSaved,
  });

  const title = !role ? t('roles.createTitle') : readOnly ? t('roles.viewTitle', { name: roleName(role, i18n.lang) }) : t('roles.editTitle', { name: roleName(role, i18n.lang) });
  return (
    <Drawer
      open={open}
      title={title}
      size={560}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{readOnly ? t('common.close') : t('common.cancel')}</Button>
          {readOnly ? null : (
            <Button type="primary" loading={saving} onClick={() => form.submit()}>
              {creating ? t('common.create') : t('common.save')}
            </Button>
          )}
        </Flex>
      }
    >
      {readOnly ? <Alert type="info" showIcon title={t('roles.builtinReadOnly')} style={{ marginBottom: 16 }} /> : null}
      <FormError text={formError} />
      <Form form={form} layout="vertical" onFinish={submit} disabled={readOnly} initialValues={{ permissions: [] }}>
        <Form.Item
          name="code"
          label={t('roles.code')}
          extra={creating ? t('roles.codeHelp') : undefined}
          rules={[
            { required: true, whitespace: true, message: t('validation.required') },
            { max: 64, message: t('validation.max', { n: 64 }) },
            { pattern: /^[A-Za-z0-9_.-]+$/, message: t('roles.codePattern') },
          ]}
        >
          <Input disabled={!creating || readOnly} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('roles.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="description" label={t('roles.description')} rules={[{ max: 500, message: t('validation.max', { n: 500 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="permissions" label={t('roles.permissions')}>
          <PermissionChecklist permissions={permissions} disabled={readOnly} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
