import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
  HttpRouteKey,
  LogGroupLogDestination,
  type CfnStage,
  type HttpStage,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY } from '../../../shared/http/cors';
import { acknowledge } from '../nag';
import type { StageConfig } from '../stage-config';

/** Routes anyone may call (DESIGN: API), by route key, and why each may. Everything else needs a token. */
const PUBLIC_ROUTES = {
  'GET /health': 'liveness: answers only that the service is up',
  'GET /openapi.json': 'the published API contract, generated from the schemas; no data',
  'GET /track/{id}': 'tracking by number and PIN (DESIGN: API): the handler checks the PIN, shows no personal data, blocks guessing; throttled per route',
  'GET /t/{id}/{token}': 'the tracking page from the signed link in an SMS or email: the handler checks the MAC, shows no personal data, counts bad links like wrong PINs',
  'GET /track': 'the tracking form (number and PIN): a page with no data',
  'POST /track': 'the tracking form posted: the handler checks the PIN against the same per-number lock as GET /track/{id}; throttled per route',
} as const;
export const PUBLIC_ROUTE_KEYS = Object.keys(PUBLIC_ROUTES) as (keyof typeof PUBLIC_ROUTES)[];

// JSON, one line per request. $context.path carries no query string, so /track's PIN stays out of the logs.
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    method: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    userId: '$context.authorizer.claims.sub',
  }),
);

export interface ApiProps {
  config: StageConfig;
  handler: IFunction;
  /** The JWT issuer (Cognito user pool URL) and the audience (app client id) tokens must match. */
  issuerUrl: string;
  audience: string[];
}

/**
 * The HTTP API: a catch-all route behind the JWT authorizer, so new endpoints need no CDK change,
 * and the public routes beside it. The Lambda does the routing.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;

  constructor(scope: Construct, id: string, { config, handler, issuerUrl, audience }: ApiProps) {
    super(scope, id);
    const authorizer = new HttpJwtAuthorizer('JwtAuthorizer', issuerUrl, { jwtAudience: audience });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `pantau-${config.stage}`,
      // Secure by default: a route added later without thought still needs a token.
      defaultAuthorizer: authorizer,
      // API Gateway answers preflights itself and sets these on every answer (the local gateway
      // does the same from the same policy): listed origins only, no credentials.
      corsPreflight: {
        allowOrigins: config.corsOrigins,
        allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...CORS_POLICY.allowHeaders],
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
        allowCredentials: false,
      },
      // Our own stage below, so it can carry access logs and route throttles.
      createDefaultStage: false,
    });

    // One integration and one invoke permission for every route: they all reach the same function.
    const integration = new HttpLambdaIntegration('Handler', handler, { scopePermissionToRoute: false });

    const routes = new Map<string, HttpRoute>();
    for (const key of PUBLIC_ROUTE_KEYS) {
      const [method, path] = key.split(' ') as ['GET' | 'POST', string];
      const [route] = this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration, authorizer: new HttpNoneAuthorizer() });
      routes.set(HttpRouteKey.with(path, HttpMethod[method]).key, route!);
      acknowledge(route!, 'AwsSolutions-APIG4', `public by design: ${PUBLIC_ROUTES[key]}`);
    }
    // A throttle names a route, so a throttled signed-in route gets one of its own beside the
    // catch-all, behind the same authorizer.
    for (const key of Object.keys(config.routeThrottles)) {
      if (routes.has(key)) continue;
      const [method, path] = key.split(' ') as [keyof typeof HttpMethod, string];
      const [route] = this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration, authorizer });
      routes.set(key, route!);
    }
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.apiThrottle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });

    // The L2 stage has no per-route settings yet, so they go on the CloudFormation resource.
    // API Gateway throttles a route as a whole, not per caller: this caps what PIN guessing or a
    // flood of filings can cost us; the handler still limits attempts per proposal.
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      Object.entries(config.routeThrottles).map(([key, { rateLimit, burstLimit }]) => [key, { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit }]),
    );
    // Route settings name a route, which must exist before the stage that refers to it.
    for (const key of Object.keys(config.routeThrottles)) this.stage.node.addDependency(routes.get(key)!);
  }

  /** The base URL clients call. */
  get url(): string {
    return this.stage.url;
  }
}
