import * as z from 'zod';
import { employeeNumberSchema } from '../domain/nip';
import { ROLES } from '../domain/actors';

/**
 * The JWT claims Pantau reads. In the cloud the Cognito user pool issues them (custom attributes)
 * and API Gateway's JWT authorizer verifies the token; locally infra/local issues and verifies
 * them. API Gateway hands claims over as strings, so roles are one comma-separated string.
 */
export const CLAIM = {
  subject: 'sub',
  /** Cognito's ID token names the username so; its access token (and older local tokens) `username`. */
  cognitoUsername: 'cognito:username',
  username: 'username',
  name: 'name',
  roles: 'custom:roles',
  org: 'custom:org',
  nip: 'custom:nip',
  onBehalfOf: 'custom:on_behalf_of',
} as const;

const roleList = z
  .string()
  .transform((value) => value.split(',').map((r) => r.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ROLES)).min(1));

export const claimsSchema = z.object({
  [CLAIM.subject]: z.string().min(1).max(128),
  [CLAIM.cognitoUsername]: z.string().min(1).max(128).optional(),
  [CLAIM.username]: z.string().min(1).max(128).optional(),
  [CLAIM.name]: z.string().min(1).max(200).optional(),
  [CLAIM.roles]: roleList,
  [CLAIM.org]: z.string().min(1).max(64),
  // The same validator as every other place a number enters: a token cannot carry an impossible NIP.
  [CLAIM.nip]: employeeNumberSchema.optional(),
  [CLAIM.onBehalfOf]: z.string().min(1).max(200).optional(),
});
export type Claims = z.output<typeof claimsSchema>;
