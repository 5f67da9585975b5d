/**
 * Reference lists the forms and filters need (roles, departments, resident accounts,
 * permissions). A user may lack the right to read one of them: then the list is
 * empty and the form still works with what it has.
 */
import { useAsync } from './useAsync';
import { api } from '../api/client';
import type { Department, Items, Page, Permission, ResidentAccount, Role } from '../api/types';

async function orEmpty<T>(load: () => Promise<Items<T>>): Promise<T[]> {
  try {
    return (await load()).items;
  } catch {
    return [];
  }
}

export function useRoles(enabled = true) {
  return useAsync(() => (enabled ? orEmpty(() => api.get<Items<Role>>('/api/roles')) : Promise.resolve([])), [enabled]);
}

export function useDepartments(enabled = true) {
  return useAsync(
    () => (enabled ? orEmpty(() => api.get<Items<Department>>('/api/departments')) : Promise.resolve([])),
    [enabled],
  );
}

/** The first 100 resident accounts, enough for a picker in a county (Lechang has 27). */
export function useResidentAccounts(enabled = true) {
  return useAsync(
    () =>
      enabled
        ? orEmpty(() => api.get<Page<ResidentAccount>>('/api/resident-accounts', { page: 1, pageSize: 100 }))
        : Promise.resolve([]),
    [enabled],
  );
}

export function usePermissions() {
  return useAsync(() => api.get<Items<Permission>>('/api/permissions').then((r) => r.items), []);
}
