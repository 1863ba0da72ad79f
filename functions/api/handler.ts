import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock';
import { createDocumentClient, dynamoConfigFromEnv } from '../../shared/adapters/dynamo/client';
import { CalendarRepository, calendarSla } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { ProposalService } from '../../shared/app/proposal-service';
import { actorResolver } from '../../shared/http/auth';
import { problemErrors, securityHeaders } from '../../shared/http/middleware';
import { createRouter } from '../../shared/http/router';
import { apiRoutes } from './routes';

// Built once per container, reused by every invocation.
const logger = new Logger({ serviceName: 'pantau-api' });
const config = dynamoConfigFromEnv();
const doc = createDocumentClient(config);
const clock = systemClock();
const directory = new DirectoryRepository(doc, config.tableName);
const calendars = new CalendarRepository(doc, config.tableName);
const proposals = new ProposalService({
  proposals: new ProposalRepository(doc, config.tableName),
  directory,
  calendar: calendarSla(calendars, logger),
  clock,
  logger,
});
const route = createRouter(apiRoutes({ proposals, directory }), actorResolver(directory));

export const handler = middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>()
  .use(securityHeaders())
  .use(problemErrors(logger))
  .handler(route);
