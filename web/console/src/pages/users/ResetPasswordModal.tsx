/** An administrator sets a new password for a user (POST /api/users/:id/password). */
import { useState } from 'react';
import { Alert, App, Form, Input, Modal } from 'antd';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { applyFieldError, errorMessage, isStrongPassword } from '../../common/errors';
import { useI18n } from '../../i18n';

interface Values {
  password: string;
  confirm: string;
}

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  async function submit(values: Values) {
    if (!user) return;
    setSaving(true);
    setFormError(null);
    try {
      await api.post(`/api/users/${user.id}/password`, { password: values.password });
      message.success(t('users.passwordReset', { name: user.displayName }));
      onClose();
    } catch (err) {
      if (!applyFieldError(form, err, i18n, ['password'])) setFormError(errorMessage(err, i18n));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Modal
      open={user !== null}
      title={t('users.resetPasswordTitle', { name: user?.displayName ?? '' })}
      okText={t('users.resetPassword')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('users.resetPasswordWarning')} style={{ marginBottom: 16 }} />
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="password"
          label={t('password.new')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('validation.required') },
            {
              validator: (_, value: string | undefined) => {
                if (!value) return Promise.resolve();
                if (!isStrongPassword(value)) return Promise.reject(new Error(t('password.rule')));
                if (value === user?.username) return Promise.reject(new Error(t('password.notUsername')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
