import * as z from 'zod';
import { ROLES } from '../domain/actors';
import { ACTIONS } from '../domain/proposal/types';

/** Request schemas: the handlers validate with these, and the OpenAPI document is built from them. */

import { employeeNumberSchema } from '../domain/nip';

/** An employee number wherever one enters: a valid NIP (PNS/CPNS) or NI PPPK, structure and dates. */
export const nipSchema = employeeNumberSchema;
const present = (value: unknown) => value !== undefined;

export const documentRefSchema = z.strictObject({
  code: z.string().min(1).max(64),
  reference: z.string().trim().min(1).max(500),
});

export const createProposalBody = z.strictObject({
  serviceType: z.string().regex(/^[A-Z][A-Z_]{1,63}$/, 'a service type code, e.g. CUTI'),
  nip: nipSchema.optional(),
  payload: z.unknown().refine(present, 'payload is required'),
  documents: z.array(documentRefSchema).max(30).default([]),
});

export const transitionBody = z.strictObject({
  action: z.enum(ACTIONS),
  expectedVersion: z.number().int().min(1).optional(),
  reason: z.strictObject({ code: z.string().min(1).max(64), text: z.string().trim().max(1000).optional() }).optional(),
  missingItems: z.array(z.string().trim().min(1).max(200)).min(1).max(30).optional(),
  output: z.unknown().optional(),
  note: z.string().trim().max(1000).optional(),
});

export const updateProposalBody = z
  .strictObject({
    expectedVersion: z.number().int().min(1).optional(),
    payload: z.unknown().optional(),
    documents: z.array(documentRefSchema).max(30).optional(),
  })
  .refine((body) => body.payload !== undefined || body.documents !== undefined, { message: 'send payload or documents to change' });

const limit = z.coerce.number().int().min(1).max(100).default(20);
const cursor = z.string().min(1).max(2048).optional();

export const listProposalsQuery = z.strictObject({ nip: nipSchema.optional(), limit, cursor });
export const inboxQuery = z.strictObject({ role: z.enum(ROLES).optional(), limit, cursor });
export const trackQuery = z.strictObject({ pin: z.string().regex(/^\d{6}$/, 'the PIN is 6 digits') });
export const noQuery = z.strictObject({});

export const idempotencyKeySchema = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'Idempotency-Key: 8 to 128 characters of A-Z a-z 0-9 _ . : -');

export const updateEmployeeBody = z
  .strictObject({
    expectedVersion: z.number().int().min(1).optional(),
    contact: z
      .strictObject({
        email: z.email().max(254).nullable().optional(),
        phone: z.string().regex(/^\+62\d{8,13}$/, 'an Indonesian number in E.164, e.g. +6281234567890').nullable().optional(),
      })
      .optional(),
    preferences: z
      .strictObject({
        language: z.enum(['id', 'en']).optional(),
        channels: z.strictObject({ email: z.boolean(), sms: z.boolean() }).optional(),
      })
      .optional(),
  })
  .refine((body) => body.contact !== undefined || body.preferences !== undefined, { message: 'send contact or preferences to change' });

export const yearSchema = z.coerce.number().int().min(2000).max(2100);
