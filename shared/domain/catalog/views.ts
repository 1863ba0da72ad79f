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
    requiredDocuments: type.requiredDocuments,
    stages: type.stages.map((stage) => ({ ...stage })),
    completion: type.completion,
    returnedSlaWorkingDays: type.returnedSlaWorkingDays,
    payloadSchema,
    outputSchema,
    examplePayload: type.examplePayload,
    exampleOutput: type.exampleOutput,
  };
}
