/**
 * Create a user, or edit one (display name, department, resident account, roles).
 * Client-side checks mirror the server's; the server's field errors land on the field.
 */
import { Button, Drawer, Flex, Form, Input, Select } from 'antd';
import { api } from '../../api/client';
import type { Department, ResidentAccount, Role, User } from '../../api/types';
import { isStrongPassword } from '../../common/errors';
import { roleName } from '../../common/roleNames';
import { FormError, useFormModal } from '../../common/useFormModal';
import { useI18n } from '../../i18n';

interface Values {
  username: string;
  displayName: string;
  password: string;
  departmentId?: string;
  residentAccountId?: string;
  roles: string[];
}

const FIELDS = ['username', 'displayName', 'password', 'departmentId', 'residentAccountId', 'roles'] as const;
/** Codes the server may send without `field`, and the field they are about. */
const CODE_FIELDS: Record<string, keyof Values> = { USERNAME_TAKEN: 'username', PASSWORD_TOO_WEAK: 'password', DEPARTMENT_NOT_FOUND: 'departmentId', RESIDENT_ACCOUNT_NOT_FOUND: 'residentAccountId', ROLE_NOT_FOUND: 'roles' };

export interface UserFormProps {
  open: boolean;
  /** null: create a new user. */
  user: User | null;
  roles: Role[];
  departments: Department[];
  residentAccounts: ResidentAccount[];
  onClose(): void;
  onSaved(user: User): void;
}

export function UserFormDrawer({ open, user, roles, departments, residentAccounts, onClose, onSaved }: UserFormProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const { form, formError, saving, submit, creating } = useFormModal<User, Values, User>({
    open,
    record: user,
    values: (u) => ({ username: u.username, displayName: u.displayName, departmentId: u.department?.id, residentAccountId: u.residentAccount?.id, roles: u.roles }),
    fields: FIELDS,
    codeFields: CODE_FIELDS,
    async save(values) {
      const saved = user
        ? await api.patch<User>(`/api/users/${user.id}`, {
            displayName: values.displayName.trim(),
            departmentId: values.departmentId ?? null,
            residentAccountId: values.residentAccountId ?? null,
            roles: values.roles ?? [],
          })
        : await api.post<User>('/api/users', {
            username: values.username.trim(),
            displayName: values.displayName.trim(),
            password: values.password,
            ...(values.departmentId ? { departmentId: values.departmentId } : {}),
            ...(values.residentAccountId ? { residentAccountId: values.residentAccountId } : {}),
            roles: values.roles ?? [],
          });
      return { said: user ? t('common.saved') : t('users.created', { name: saved.displayName }), saved };
    },
    onClose,
    onSaved,
  });

  const required = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <Drawer
      open={open}
      title={user ? t('users.editTitle', { name: user.username }) : t('users.createTitle')}
      size={480}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="user-form-submit">
            {creating ? t('common.create') : t('common.save')}
          </Button>
        </Flex>
      }
    >
      <FormError text={formError} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ roles: [] }}>
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={creating ? t('users.usernameHelp') : undefined}
          rules={[required, { min: 2, max: 64, message: t('validation.length', { min: 2, max: 64 }) }, { pattern: /^[A-Za-z0-9_.-]+$/, message: t('users.usernamePattern') }]}
        >
          <Input disabled={!creating} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[required, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" />
        </Form.Item>
        {creating ? (
          <Form.Item
            name="password"
            label={t('users.initialPassword')}
            extra={t('password.rule')}
            dependencies={['username']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator(_, value: string | undefined) {
                  if (!value) return Promise.resolve();
                  if (!isStrongPassword(value)) return Promise.reject(new Error(t('password.rule')));
                  if (value === getFieldValue('username')) return Promise.reject(new Error(t('password.notUsername')));
                  return Promise.resolve();
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        ) : null}
        <Form.Item name="departmentId" label={t('users.department')}>
          <Select allowClear placeholder={t('users.noDepartment')} options={departments.map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item name="residentAccountId" label={t('users.residentAccount')} extra={t('users.residentAccountHelp')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('users.noResidentAccount')}
            options={residentAccounts.map((a) => ({ value: a.id, label: a.name }))}
          />
        </Form.Item>
        <Form.Item name="roles" label={t('users.roles')}>
          <Select
            mode="multiple"
            allowClear
            placeholder={t('users.noRoles')}
            showSearch={{ optionFilterProp: 'label' }}
            options={roles.map((r) => ({ value: r.code, label: roleName(r, i18n.lang) }))}
            data-testid="user-form-roles"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
