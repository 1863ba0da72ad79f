import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
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
import type { StageConfig } from '../stage-config';

/** Public and takes a PIN, so it gets its own, tighter throttle. */
const TRACK_PATH = '/track/{id}';
/** Routes anyone may call with GET (DESIGN: API). Everything else needs a token. */
export const PUBLIC_PATHS = ['/health', '/openapi.json', TRACK_PATH] as const;

const CORS_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'if-match', 'accept-language'];

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
 * and the three public routes beside it. The Lambda does the routing.
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
      corsPreflight: {
        allowOrigins: config.corsOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.PUT, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE, CorsHttpMethod.OPTIONS],
        allowHeaders: CORS_HEADERS,
        // ETag for the next If-Match; Location for what a POST created; Retry-After when throttled.
        exposeHeaders: ['etag', 'location', 'retry-after'],
        maxAge: Duration.hours(1),
      },
      // Our own stage below, so it can carry access logs and route throttles.
      createDefaultStage: false,
    });

    // One integration and one invoke permission for every route: they all reach the same function.
    const integration = new HttpLambdaIntegration('Handler', handler, { scopePermissionToRoute: false });

    const publicRoutes = PUBLIC_PATHS.flatMap((path) =>
      this.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration, authorizer: new HttpNoneAuthorizer() }),
    );
    const trackRoute = publicRoutes.find((route) => route.path === TRACK_PATH)!;
    this.httpApi.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention, removalPolicy: config.removalPolicy });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: config.apiThrottle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
    });

    // The L2 stage has no per-route settings yet, so they go on the CloudFormation resource.
    // API Gateway throttles a route as a whole, not per caller: this caps what PIN guessing can
    // cost us; the handler still has to limit attempts per proposal.
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = {
      [HttpRouteKey.with(TRACK_PATH, HttpMethod.GET).key]: {
        ThrottlingRateLimit: config.trackThrottle.rateLimit,
        ThrottlingBurstLimit: config.trackThrottle.burstLimit,
      },
    };
    // Route settings name a route, which must exist before the stage that refers to it.
    this.stage.node.addDependency(trackRoute);
  }

  /** The base URL clients call. */
  get url(): string {
    return this.stage.url;
  }
}
