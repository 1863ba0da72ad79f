import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ApiDeps } from '../../functions/api/routes';
import { CORS_POLICY } from '../../shared/http/cors';
import { IMPORT_OUTPUTS, REPLAY_OUTPUTS } from '../../infra/cloud/stack-outputs';
import { resourcesOf, STAGES, synthStages, type Stage, type SynthesizedStage } from './stacks';

const ROUTE = 'AWS::ApiGatewayV2::Route';
const STAGE = 'AWS::ApiGatewayV2::Stage';
const PUBLIC_ROUTE_KEYS = ['GET /health', 'GET /openapi.json', 'GET /track/{id}', 'GET /t/{id}/{token}', 'GET /track', 'POST /track'];
// What the Lambda serves: the routes' declarations only, none of them is called.
const SERVED_ROUTE_KEYS = apiRoutes({} as ApiDeps).map((route) => `${route.method} ${route.path}`);

let stages: Record<Stage, SynthesizedStage>;
let dispose: (() => void) | undefined;

beforeAll(() => {
  ({ stages, dispose } = synthStages());
});
afterAll(() => dispose?.());

describe.each(STAGES)('the %s HTTP API', (stage) => {
  const template = () => stages[stage].template;
  const routes = () => Object.values(resourcesOf(template(), ROUTE)).map((r) => r.Properties);
  const route = (key: string) => routes().find((r) => r.RouteKey === key);
  const apiStage = () => Object.values(resourcesOf(template(), STAGE))[0]!;
  const authorizerId = () => Object.keys(resourcesOf(template(), 'AWS::ApiGatewayV2::Authorizer'))[0]!;
  const poolId = () => Object.keys(resourcesOf(template(), 'AWS::Cognito::UserPool'))[0]!;
  const clientId = () => Object.keys(resourcesOf(template(), 'AWS::Cognito::UserPoolClient'))[0]!;

  it('trusts only tokens the stage user pool issued to its app client', () => {
    template().resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template().hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: clientId() }],
        Issuer: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [poolId(), 'ProviderURL'] }]] },
      },
    });
  });

  it('has the public routes, the throttled ones and one catch-all, nothing else', () => {
    const throttled = Object.keys(stages[stage].config.routeThrottles);
    expect(routes().map((r) => r.RouteKey).sort()).toEqual([...new Set(['ANY /{proxy+}', ...PUBLIC_ROUTE_KEYS, ...throttled])].sort());
  });

  it('a throttled route that needs a token keeps the authorizer', () => {
    expect(route('POST /proposals')).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId() } });
  });

  it('every other path needs a valid token, so a new endpoint needs no infrastructure change', () => {
    expect(route('ANY /{proxy+}')).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId() } });
  });

  it.each(PUBLIC_ROUTE_KEYS)('anyone may call %s without signing in', (key) => {
    expect(route(key)).toMatchObject({ AuthorizationType: 'NONE' });
    expect(route(key)).not.toHaveProperty('AuthorizerId');
  });

  it('all routes reach the API function', () => {
    const [integrationId] = Object.keys(resourcesOf(template(), 'AWS::ApiGatewayV2::Integration'));
    template().resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template().hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    for (const r of routes()) expect(r.Target).toEqual({ 'Fn::Join': ['', ['integrations/', { Ref: integrationId }]] });
  });

  it('throttles every route by the stage default, and tracking and filing harder, from the stage config', () => {
    const { apiThrottle, routeThrottles } = stages[stage].config;
    const props = apiStage().Properties;
    expect(props.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: apiThrottle.rateLimit, ThrottlingBurstLimit: apiThrottle.burstLimit });
    expect(props.RouteSettings).toEqual(
      Object.fromEntries(Object.entries(routeThrottles).map(([key, t]) => [key, { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit }])),
    );
    for (const key of ['GET /track/{id}', 'GET /t/{id}/{token}', 'POST /track', 'POST /proposals']) {
      expect(routeThrottles[key]?.rateLimit, key).toBeLessThan(apiThrottle.rateLimit);
      expect(routeThrottles[key]?.burstLimit, key).toBeLessThan(apiThrottle.burstLimit);
    }
  });

  it('every throttled route is one the API serves, so no limit silently applies to nothing', () => {
    for (const key of Object.keys(stages[stage].config.routeThrottles)) expect(SERVED_ROUTE_KEYS, key).toContain(key);
  });

  it('the stage is created after the routes its throttles name', () => {
    const ids = Object.entries(resourcesOf(template(), ROUTE))
      .filter(([, r]) => (r.Properties.RouteKey as string) in stages[stage].config.routeThrottles)
      .map(([id]) => id);
    expect(ids).toHaveLength(Object.keys(stages[stage].config.routeThrottles).length);
    for (const id of ids) expect(apiStage().DependsOn).toContain(id);
  });

  it('logs every request, without the query string that carries the tracking PIN', () => {
    const settings = apiStage().Properties.AccessLogSettings as { DestinationArn: { 'Fn::GetAtt': [string, string] }; Format: string };
    const logGroup = resourcesOf(template(), 'AWS::Logs::LogGroup')[settings.DestinationArn['Fn::GetAtt'][0]];
    expect(logGroup?.Properties.RetentionInDays).toBe(stages[stage].config.logRetentionDays);
    const format = JSON.parse(settings.Format) as Record<string, string>;
    expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    expect(settings.Format).not.toMatch(/query/i);
  });

  it('answers browsers only from the stage origins, by name, without credentials, with the shared policy', () => {
    const cors = Object.values(resourcesOf(template(), 'AWS::ApiGatewayV2::Api'))[0]!.Properties.CorsConfiguration;
    expect(cors).toEqual({
      AllowOrigins: stages[stage].config.corsOrigins,
      AllowMethods: [...CORS_POLICY.allowMethods],
      AllowHeaders: [...CORS_POLICY.allowHeaders],
      ExposeHeaders: [...CORS_POLICY.exposeHeaders],
      MaxAge: CORS_POLICY.maxAgeSeconds,
      AllowCredentials: false,
    });
    expect(JSON.stringify(cors)).not.toContain('*');
  });

  it('publishes the API URL, user pool, client and table for the front ends and scripts, the notification topic and queues, the documents bucket and the scan verdicts\' dead letters, and the job function', () => {
    const outputs = Object.keys(template().findOutputs('*'));
    // The replay's and the import's own outputs are checked in stack-outputs.test.ts and records-import.test.ts.
    const published: string[] = [...Object.values(REPLAY_OUTPUTS), ...Object.values(IMPORT_OUTPUTS)];
    expect(outputs.filter((o) => !published.includes(o)).sort()).toEqual(['ApiUrl', 'DocumentsBucketName', 'EmailQueueUrl', 'NotificationsTopicArn', 'ScanResultDeadLettersUrl', 'SmsQueueUrl', 'TableName', 'UserPoolClientId', 'UserPoolId']);
    expect(outputs).toEqual(expect.arrayContaining(published));
  });
});

describe('CORS per stage', () => {
  it('only dev accepts a local front end', () => {
    const origins = (s: Stage) => stages[s].config.corsOrigins;
    expect(origins('dev')).toContain('http://localhost:5173');
    for (const s of ['staging', 'prod'] as const) expect(origins(s).every((o) => o.startsWith('https://'))).toBe(true);
  });
});
