import * as z from 'zod';
import type { ServiceType } from './types';

/** A service type as clients read it: names, stages, documents, JSON Schemas and valid examples. */
export function serviceTypeView(type: ServiceType) {
  return {
    code: type.code,
    names: type.names,
    description: type.description,
    initiators: type.initiators,
    requiredDocuments: type.requiredDocuments,
    stages: type.stages.map((stage) => ({ ...stage })),
    completion: type.completion,
    returnedSlaWorkingDays: type.returnedSlaWorkingDays,
    payloadSchema: z.toJSONSchema(type.payloadSchema, { io: 'input', unrepresentable: 'any' }),
    outputSchema: z.toJSONSchema(type.outputSchema, { io: 'input', unrepresentable: 'any' }),
    examplePayload: type.examplePayload,
    exampleOutput: type.exampleOutput,
  };
}
