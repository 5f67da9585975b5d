/** Create a resident account (a town or department publishing in the app), or edit one. */
import { Form, Input, Modal, Radio } from 'antd';
import { api } from '../../api/client';
import type { ResidentAccount } from '../../api/types';
import { AreaPicker } from '../../common/AreaPicker';
import { FormError, useFormModal } from '../../common/useFormModal';
import { useI18n } from '../../i18n';

interface Values {
  kind: ResidentAccount['kind'];
  name: string;
  areaCode?: string | null;
  status: ResidentAccount['status'];
}

const FIELDS = ['kind', 'name', 'areaCode', 'status'] as const;
const CODE_FIELDS: Record<string, keyof Values & string> = { RESIDENT_ACCOUNT_NAME_TAKEN: 'name', AREA_NOT_FOUND: 'areaCode' };

interface Props {
  open: boolean;
  /** null: create. */
  account: ResidentAccount | null;
  onClose(): void;
  onSaved(): void;
}

export function ResidentAccountFormModal({ open, account, onClose, onSaved }: Props) {
  const { t } = useI18n();
  const { form, formError, submit, modalProps, creating } = useFormModal<ResidentAccount, Values>({
    open,
    record: account,
    values: (a) => ({ kind: a.kind, name: a.name, areaCode: a.areaCode, status: a.status }),
    fields: FIELDS,
    codeFields: CODE_FIELDS,
    async save(values) {
      const name = values.name.trim();
      if (account) await api.patch(`/api/resident-accounts/${account.id}`, { name, areaCode: values.areaCode ?? null, status: values.status });
      else await api.post('/api/resident-accounts', { kind: values.kind, name, ...(values.areaCode ? { areaCode: values.areaCode } : {}) });
      return account ? t('common.saved') : t('residents.created', { name });
    },
    onClose,
    onSaved,
  });

  return (
    <Modal {...modalProps} title={account ? t('residents.editTitle', { name: account.name }) : t('residents.createTitle')}>
      <FormError text={formError} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'town', status: 'active' }} style={{ marginTop: 16 }}>
        <Form.Item name="kind" label={t('residents.kind')}>
          <Radio.Group
            disabled={!creating}
            options={[
              { value: 'town', label: t('residents.kind.town') },
              { value: 'department', label: t('residents.kind.department') },
            ]}
          />
        </Form.Item>
        <Form.Item name="name" label={t('residents.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }, { max: 100, message: t('validation.max', { n: 100 }) }]}>
          <Input autoComplete="off" placeholder={t('residents.namePlaceholder')} />
        </Form.Item>
        <Form.Item name="areaCode" label={t('residents.area')} extra={t('residents.areaHelp')}>
          <AreaPicker />
        </Form.Item>
        {creating ? null : (
          <Form.Item name="status" label={t('residents.status')}>
            <Radio.Group
              options={[
                { value: 'active', label: t('residents.status.active') },
                { value: 'suspended', label: t('residents.status.suspended') },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
