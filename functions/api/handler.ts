import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

// Placeholder until the router lands; the signature is the contract for infra/cloud and infra/local.
export const handler = async (event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
  if (event.rawPath === '/health') return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'ok' }) };
  return { statusCode: 404, headers: { 'content-type': 'application/problem+json' }, body: JSON.stringify({ title: 'Not found', status: 404, code: 'ROUTE_NOT_FOUND' }) };
};
