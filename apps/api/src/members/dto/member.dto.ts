import type { MemberStatus } from '@chibo/db';
import { z } from 'zod';
import { codeSchema, lineSchema } from '../../common/schemas';

export const MEMBER_STATUSES = ['official', 'probationary', 'exempt', 'suspended'] as const satisfies readonly MemberStatus[];
/** Roles within a cell (chi ủy): bí thư, phó bí thư, chi ủy viên. */
export const MEMBER_ROLES = ['secretary', 'deputy-secretary', 'committee'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

const rolesSchema = z
  .array(z.enum(MEMBER_ROLES))
  .max(MEMBER_ROLES.length)
  .refine((roles) => new Set(roles).size === roles.length, { error: 'Chức vụ bị lặp lại', params: { rule: 'unique' } });

/** `POST /orgs/:code/members` body. */
export const createMemberSchema = z.strictObject({
  code: codeSchema.meta({ description: 'Mã đảng viên trong chi bộ, ví dụ "m04" hoặc "nga"' }),
  name: lineSchema().meta({ description: 'Họ và tên' }),
  status: z.enum(MEMBER_STATUSES).meta({ description: 'chính thức, dự bị, miễn sinh hoạt, đình chỉ' }),
  roles: rolesSchema.default([]).meta({ description: 'Chức vụ trong chi ủy' }),
});
export type CreateMemberInput = z.output<typeof createMemberSchema>;

/** `PATCH /orgs/:code/members/:memberCode` body: any of name, status, roles. */
export const updateMemberSchema = z
  .strictObject({
    name: lineSchema().optional(),
    status: z.enum(MEMBER_STATUSES).optional(),
    roles: rolesSchema.optional(),
  })
  .refine((patch) => patch.name !== undefined || patch.status !== undefined || patch.roles !== undefined, {
    error: 'Cần ít nhất một trong các trường name, status, roles',
    params: { rule: 'empty-patch' },
  });
export type UpdateMemberInput = z.output<typeof updateMemberSchema>;

/** `POST /orgs/:code/members/import` JSON body (the alternative to sending the CSV as text/csv). */
export const importMembersSchema = z.strictObject({
  csv: z.string().meta({ description: 'Nội dung tệp CSV: code,name,status,roles (roles cách nhau bởi ";")' }),
});

/** A member as the API returns it. */
export interface MemberView {
  id: string;
  code: string;
  name: string;
  status: MemberStatus;
  roles: string[];
  createdAt: string;
  updatedAt: string;
}

/** Result of an import where every row was good. */
export interface MemberImportResult {
  created: number;
  updated: number;
  unchanged: number;
}
