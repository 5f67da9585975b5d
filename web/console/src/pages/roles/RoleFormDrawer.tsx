/** Create or edit a custom role; a built-in role opens read-only. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Drawer, Flex, Form, Input } from 'antd';
import { api, ApiError } from '../../api/client';
import type { Permission, Role } from '../../api/types';
import { applyFieldError, errorMessage } from '../../common/errors';
import { roleName } from '../../common/roleNames';
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
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const creating = role === null;
  const readOnly = role?.builtin ?? false;

  useEffect(() => {
    if (!open) return;
    setFormError(null);
    form.resetFields();
    // A built-in role is only viewed: show its name in the current language. An editable
    // (custom) role shows the name it is stored under.
    if (role) form.setFieldsValue({ code: role.code, name: role.builtin ? roleName(role, i18n.lang) : role.name, description: role.description ?? '', permissions: role.permissions });
  }, [open, role, form, i18n.lang]);

  async function submit(values: Values) {
    setSaving(true);
    setFormError(null);
    try {
      const body = { name: values.name.trim(), description: values.description?.trim() ?? '', permissions: values.permissions ?? [] };
      if (creating) await api.post('/api/roles', { code: values.code.trim(), ...body });
      else await api.patch(`/api/roles/${role.id}`, body);
      message.success(creating ? t('roles.created', { name: body.name }) : t('common.saved'));
      onSaved();
    } catch (err) {
      if (applyFieldError(form, err, i18n, FIELDS)) return;
      const field = err instanceof ApiError ? CODE_FIELDS[err.code] : undefined;
      if (field) form.setFields([{ name: field, errors: [errorMessage(err, i18n)] }]);
      else setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  const title = creating ? t('roles.createTitle') : readOnly ? t('roles.viewTitle', { name: roleName(role, i18n.lang) }) : t('roles.editTitle', { name: roleName(role, i18n.lang) });
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
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
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
