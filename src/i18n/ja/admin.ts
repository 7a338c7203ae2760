// Japanese messages: organizations, domains and roles.
import type { CatalogOf } from '../catalog.js';
import type { adminEn } from '../en/admin.js';

export const adminJa: CatalogOf<typeof adminEn> = {
  'done.orgCreated': (p) => `組織 \`${p.slug}\` を作成しました。`,
  'done.domainCreated': (p) => `組織 \`${p.slug}\` にドメイン \`${p.name}\` を作成しました。`,
  'done.granted': (p) => `<@${p.user}> を${p.role}にしました。`,
  'done.ungranted': (p) => `<@${p.user}> を${p.role}から外しました。`,
  'roles.none': 'まだロールは付与されていません。',
  'roles.heading': 'ロール',
  'roles.fromConfig': 'ADMIN_USER_IDS で指定',
  'role.workspace_admin': 'ワークスペース管理者',
  'role.org_admin': (p) => `組織 ${p.target} の管理者`,
  'role.domain_admin': (p) => `ドメイン ${p.target} の管理者`,
};
