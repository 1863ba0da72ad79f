import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Clock } from '../../shared/adapters/clock';
import { CalendarRepository, calendarSla } from '../../shared/adapters/dynamo/calendar-repository';
import { DirectoryRepository } from '../../shared/adapters/dynamo/directory-repository';
import { ProposalRepository } from '../../shared/adapters/dynamo/proposal-repository';
import { WindowsRepository } from '../../shared/adapters/dynamo/windows-repository';
import { AuditService } from '../../shared/app/audit';
import { ProposalService } from '../../shared/app/proposal-service';
import { TrackingService } from '../../shared/app/tracking';
import { ReceiptService } from '../../shared/app/receipts';
import { DocumentService } from '../../shared/app/documents';
import { DocumentRepository } from '../../shared/adapters/dynamo/document-repository';
import type { DocumentStore } from '../../shared/adapters/documents/ports';
import type { IdentityProvider } from '../../shared/adapters/identity/ports';
import { StaffRepository } from '../../shared/adapters/dynamo/staff-repository';
import { StaffService } from '../../shared/app/staff';
import { EligibilityService } from '../../shared/app/eligibility';
import type { TrackingLinks } from '../../shared/app/tracking-links';
import { actorResolver } from '../../shared/http/auth';
import { compression } from '../../shared/http/compression';
import { problemErrors, securityHeaders } from '../../shared/http/middleware';
import { revalidation } from '../../shared/http/revalidation';
import { createRouter } from '../../shared/http/router';
import { apiRoutes } from './routes';

export interface ApiConfig {
  doc: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  /** Signs the tracking links the API hands out and checks the ones the tracking page is opened with. */
  trackingLinks: TrackingLinks;
  /** The documents bucket: presigned uploads and downloads, and the checks at registration. */
  documentStore: DocumentStore;
  /** Cognito (cognito-local on one machine): the accounts behind staff invitations, role changes and suspensions. */
  identity: IdentityProvider;
  logger?: Logger;
}

/** The API Lambda, wired: the Lambda entry, the local stack and the tests all build it here. */
export function createApiHandler({ doc, tableName, clock, trackingLinks, documentStore, identity, logger = new Logger({ serviceName: 'pantau-api' }) }: ApiConfig) {
  const directory = new DirectoryRepository(doc, tableName);
  const calendars = new CalendarRepository(doc, tableName);
  const windows = new WindowsRepository(doc, tableName);
  const proposalRepository = new ProposalRepository(doc, tableName);
  const proposals = new ProposalService({
    proposals: proposalRepository,
    directory,
    calendar: calendarSla(calendars, logger),
    windows,
    clock,
    trackingLinks,
    logger,
  });
  const audit = new AuditService({ proposals: proposalRepository, clock, logger });
  const tracking = new TrackingService({ proposals: proposalRepository, directory, links: trackingLinks, clock });
  const receipts = new ReceiptService({ proposals: proposalRepository, directory, trackingLinks });
  const documents = new DocumentService({ documents: new DocumentRepository(doc, tableName), store: documentStore, directory, clock, logger });
  const staffMembers = new StaffRepository(doc, tableName);
  const staff = new StaffService({ staff: staffMembers, directory, identity, clock, logger });
  const eligibility = new EligibilityService({ directory, calendar: calendarSla(calendars, logger), windows, clock });
  const resolver = actorResolver(directory, staffMembers);
  const route = createRouter(apiRoutes({ proposals, audit, calendars, windows, directory, clock, trackingLinks, tracking, receipts, documents, staff, staffMembers, memberOf: resolver.memberOf, eligibility }), resolver);
  // middy runs `after` and `onError` in reverse order of use: problems are made first, then the
  // security headers, then the tag (on the JSON as it is), and compression last of all.
  return middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>()
    .use(compression())
    .use(revalidation())
    .use(securityHeaders())
    .use(problemErrors(logger))
    .handler(route);
}
