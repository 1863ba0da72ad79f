import type { DynamoWorkResults, LifecycleFigures, OperationFigures } from './sections/dynamo-work';
import { round } from './support/stats';

/**
 * What AWS charges, per unit, as found on 2026-11-25 with the search tool (no internet here but
 * npm). The pricing pages render their regional tables in the browser, so no Jakarta
 * (ap-southeast-3) figure could be read for most services: where one was not found the figure is
 * the published base (us-east-1) price, marked `assumed`, on the assumption that Jakarta charges the
 * same or a little more. Check them against https://aws.amazon.com/pricing before relying on them.
 */
export interface Price {
  usd: number;
  per: string;
  source: string;
  /** True where the Jakarta price was not found and another region's (or a guess) stands in. */
  assumed: boolean;
  note?: string;
}

export const PRICES_TAKEN_ON = '2026-11-25';

export const PRICES = {
  lambdaRequest: { usd: 0.2 / 1e6, per: 'request', source: 'https://aws.amazon.com/lambda/pricing/ (worked examples, $0.20 per million requests)', assumed: true, note: 'the request price is the same in every commercial region listed' },
  lambdaArmGbSecond: {
    usd: 0.0000133334, per: 'GB-second (arm64)', source: 'https://app.unpkg.com/artillery@2.0.28/files/lib/platform/aws-lambda/prices.js (base arm64 rate; ap-southeast-3 is not among its regional exceptions)', assumed: true,
  },
  httpApiRequest: { usd: 1.0 / 1e6, per: 'request (first 300 M a month)', source: 'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html (us-east-1)', assumed: true },
  dynamoWru: { usd: 0.625 / 1e6, per: 'write request unit (on demand)', source: 'https://airbyte.com/data-engineering-resources/dynamodb-pricing (US East, after the November 2024 on-demand price cut)', assumed: true },
  dynamoRru: { usd: 0.125 / 1e6, per: 'read request unit (on demand)', source: 'same page as the write price', assumed: true },
  snsPublish: { usd: 0.5 / 1e6, per: 'publish', source: 'https://www.factualminds.com/blog/amazon-sns-pricing-publishes-fanout-protocols/ ($0.50 per million standard publishes)', assumed: true, note: 'deliveries to SQS subscriptions: no charge assumed (not found in the sources reachable)' },
  sqsRequest: { usd: 0.4 / 1e6, per: 'request (standard queue)', source: 'https://awsnegotiations.com/sqs-sns-cost-optimization.html (~$0.40 per million requests)', assumed: true },
  sesEmail: { usd: 0.1 / 1000, per: 'email', source: 'https://www.acecloudinterviews.com/tutorials/aws/ses/ ($0.10 per thousand emails)', assumed: true },
  smsIndonesia: {
    usd: 0.04, per: 'SMS part to Indonesia (transactional)', source: 'not found: AWS End User Messaging pricing lists Indonesia per message part, and no reachable source carried the figure', assumed: true,
    note: 'a placeholder of $0.04 a part; SMS dominates the total, so replace it with the published rate before quoting the figure',
  },
} satisfies Record<string, Price>;

/** Memory per function, as infra/cloud/constructs sets it (api-function.ts, jobs.ts, notifications.ts). */
export const MEMORY_MB = { api: 1024, jobs: 1024, 'on-change': 512, 'send-email': 512, 'send-sms': 512 } as const;

/**
 * What one lifecycle does besides the walk the benchmark measured (filing, submitting, at each
 * step the actor's look and action): assumptions, written down so they can be argued with.
 */
export const LIFECYCLE_ASSUMPTIONS = {
  /** The applicant opens the proposal this many more times over its life. */
  extraViews: 4,
  /** Public tracking by number and PIN. */
  tracks: 2,
  /** Inbox pages a handler opens per stage before acting. */
  inboxPagesPerStage: 2,
  /** The applicant's list of proposals. */
  lists: 1,
  /** Stage SLA reminders sent per stage (the 50% one; most proposals move before the 75% one), each to one member of the handling staff. */
  remindersPerStage: 1,
  /** Channels per recipient: email and SMS (a status change is statutory: at least one stays on). */
  channels: 2,
  /** SQS requests per message: SNS's send, the poller's receive and delete (batched at low volume, one each here). */
  sqsRequestsPerMessage: 3,
} as const;

export interface CostLine {
  service: string;
  quantity: number;
  unit: string;
  usd: number;
}

export interface LifecycleCost {
  serviceType: string;
  recipients: number;
  statusChanges: number;
  lines: CostLine[];
  /** USD per thousand lifecycles, with and without SMS (whose price is a placeholder). */
  perThousand: number;
  perThousandWithoutSms: number;
}

export interface CostModel {
  pricesTakenOn: string;
  prices: Record<string, Price>;
  assumptions: typeof LIFECYCLE_ASSUMPTIONS;
  lifecycles: LifecycleCost[];
  /** Fixed monthly costs that do not follow the number of proposals. */
  fixedMonthly: CostLine[];
}

const gbSeconds = (ms: number, mb: number) => (ms / 1000) * (mb / 1024);

/**
 * AWS cost per thousand proposal lifecycles, from the measured DynamoDB units and handler times
 * (against DynamoDB Local, which is slower than DynamoDB: Lambda time is overstated) and the
 * prices above.
 */
export function costModel(work: DynamoWorkResults): CostModel {
  const op = (name: string): OperationFigures => {
    const found = work.operations.find((o) => o.name === name);
    if (!found) throw new Error(`the cost model needs the measured operation "${name}"`);
    return found;
  };
  const a = LIFECYCLE_ASSUMPTIONS;
  const lifecycleCost = (lifecycle: LifecycleFigures, recipients: number): LifecycleCost => {
    const stages = lifecycle.statusChanges - 2; // submit ... complete: the stages between, at least one
    const reads = [
      { op: op('GET /proposals/{id}'), n: a.extraViews },
      { op: op('GET /track/{id}'), n: a.tracks },
      { op: op('GET /inbox'), n: a.inboxPagesPerStage * Math.max(1, stages) },
      { op: op('GET /proposals'), n: a.lists },
    ];
    const apiCalls = lifecycle.requests + reads.reduce((t, r) => t + r.n, 0);
    const apiMs = lifecycle.ms + reads.reduce((t, r) => t + r.n * r.op.ms, 0);
    const send = op(recipients > 1 ? 'send-email · to the employee and the filing operator' : 'send-email · to the employee');
    const reminders = a.remindersPerStage * Math.max(1, stages);
    const reminderTimer = 3; // WRU to move a timer on (measured: PutItem PROPOSAL/TIMER, 3 WRU)
    const messages = lifecycle.statusChanges + reminders;
    const senderInvocations = messages * a.channels;
    const deliveries = messages * recipients;
    const rru =
      lifecycle.totals.billedRru + reads.reduce((t, r) => t + r.n * r.op.totals.billedRru, 0) + messages * a.channels * send.totals.billedRru;
    const wru = lifecycle.totals.billedWru + reminders * reminderTimer + messages * a.channels * send.totals.billedWru;
    const lambdaGbS =
      gbSeconds(apiMs, MEMORY_MB.api) +
      lifecycle.statusChanges * gbSeconds(op('on-change · one status change').ms + 5, MEMORY_MB['on-change']) +
      senderInvocations * gbSeconds(send.ms, MEMORY_MB['send-email']);
    const lambdaInvocations = apiCalls + lifecycle.statusChanges + senderInvocations;
    const lines: CostLine[] = [
      { service: 'API Gateway HTTP API', quantity: apiCalls, unit: 'requests', usd: apiCalls * PRICES.httpApiRequest.usd },
      { service: 'Lambda requests', quantity: lambdaInvocations, unit: 'invocations', usd: lambdaInvocations * PRICES.lambdaRequest.usd },
      { service: 'Lambda duration (arm64)', quantity: round(lambdaGbS, 3), unit: 'GB-s', usd: lambdaGbS * PRICES.lambdaArmGbSecond.usd },
      { service: 'DynamoDB reads', quantity: rru, unit: 'RRU', usd: rru * PRICES.dynamoRru.usd },
      { service: 'DynamoDB writes', quantity: wru, unit: 'WRU', usd: wru * PRICES.dynamoWru.usd },
      { service: 'SNS publishes', quantity: messages, unit: 'publishes', usd: messages * PRICES.snsPublish.usd },
      { service: 'SQS requests', quantity: messages * a.channels * a.sqsRequestsPerMessage, unit: 'requests', usd: messages * a.channels * a.sqsRequestsPerMessage * PRICES.sqsRequest.usd },
      { service: 'SES emails', quantity: deliveries, unit: 'emails', usd: deliveries * PRICES.sesEmail.usd },
      { service: 'SMS to Indonesia', quantity: deliveries, unit: 'one-part SMS', usd: deliveries * PRICES.smsIndonesia.usd },
    ];
    const thousand = (ls: CostLine[]) => round(ls.reduce((t, l) => t + l.usd, 0) * 1000, 2);
    return {
      serviceType: lifecycle.serviceType,
      recipients,
      statusChanges: lifecycle.statusChanges,
      lines: lines.map((l) => ({ ...l, quantity: round(l.quantity, 2), usd: round(l.usd * 1000, 4) })),
      perThousand: thousand(lines),
      perThousandWithoutSms: thousand(lines.filter((l) => l.service !== 'SMS to Indonesia')),
    };
  };
  const lifecycleOf = (code: string) => {
    const found = work.lifecycles.find((l) => l.serviceType === code);
    if (!found) throw new Error(`the cost model needs the measured ${code} lifecycle`);
    return found;
  };
  // The reminders job every 30 minutes, its 16 shard buckets read even when nothing is due.
  const emptyRun = op('reminders · nothing due');
  const runsPerMonth = 48 * 30;
  return {
    pricesTakenOn: PRICES_TAKEN_ON,
    prices: PRICES,
    assumptions: LIFECYCLE_ASSUMPTIONS,
    // A leave filed by the employee (one recipient), and a promotion filed by the agency's operator (two).
    lifecycles: [lifecycleCost(lifecycleOf('CUTI'), 1), lifecycleCost(lifecycleOf('KENAIKAN_PANGKAT'), 2)],
    fixedMonthly: [
      { service: 'DynamoDB reads: reminders runs with nothing due', quantity: runsPerMonth * emptyRun.totals.billedRru, unit: 'RRU', usd: round(runsPerMonth * emptyRun.totals.billedRru * PRICES.dynamoRru.usd, 4) },
      { service: 'Lambda: reminders runs', quantity: runsPerMonth, unit: 'invocations', usd: round(runsPerMonth * (PRICES.lambdaRequest.usd + gbSeconds(emptyRun.ms, MEMORY_MB.jobs) * PRICES.lambdaArmGbSecond.usd), 4) },
    ],
  };
}
