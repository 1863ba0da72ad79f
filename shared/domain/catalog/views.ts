import { contentTypesOf, maxBytesOf } from '../documents/rules';
import * as z from 'zod';
import type { ServiceType } from './types';

type JsonSchemas = { payloadSchema: z.core.JSONSchema.BaseSchema; outputSchema: z.core.JSONSchema.BaseSchema };

/**
 * A type's JSON Schemas never change (the catalog is code), and converting them is most of what
 * GET /service-types costs: converted on the first ask, once per type.
 */
const converted = new WeakMap<ServiceType, JsonSchemas>();

function jsonSchemasOf(type: ServiceType): JsonSchemas {
  let schemas = converted.get(type);
  if (!schemas) {
    schemas = {
      payloadSchema: z.toJSONSchema(type.payloadSchema, { io: 'input', unrepresentable: 'any' }),
      outputSchema: z.toJSONSchema(type.outputSchema, { io: 'input', unrepresentable: 'any' }),
    };
    converted.set(type, schemas);
  }
  return schemas;
}

/** A service type as clients read it: names, stages, documents, JSON Schemas and valid examples. */
export function serviceTypeView(type: ServiceType) {
  const { payloadSchema, outputSchema } = jsonSchemasOf(type);
  return {
    code: type.code,
    names: type.names,
    description: type.description,
    initiators: type.initiators,
    requiredDocuments: type.requiredDocuments.map((d) => ({ code: d.code, names: d.names, maxBytes: maxBytesOf(d), contentTypes: [...contentTypesOf(d)], ...(d.externalIn ? { externalIn: d.externalIn } : {}) })),
    stages: type.stages.map((stage) => ({ ...stage })),
    completion: type.completion,
    returnedSlaWorkingDays: type.returnedSlaWorkingDays,
    payloadSchema,
    outputSchema,
    examplePayload: type.examplePayload,
    exampleOutput: type.exampleOutput,
  };
}

/**
 * A service type as a chooser lists it (GET /service-types?view=summary): what it is called, what
 * it is for, and who may file it, so a phone shows the list and the applicant picks one; the
 * stages, documents, JSON Schemas and examples come with GET /service-types/{code} for the one
 * picked. `hasSubmissionWindows` is the one field the full view does not need and a chooser does:
 * a service filed only within its windows (promotions) must say so before it is picked, and tells
 * the app to ask GET /service-types/{code}/windows/{year} when it opens.
 */
export function serviceTypeSummary(type: ServiceType) {
  return {
    code: type.code,
    names: type.names,
    description: type.description,
    initiators: type.initiators,
    hasSubmissionWindows: type.hasSubmissionWindows === true,
  };
}
