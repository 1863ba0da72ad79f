import type { SESClient } from '@aws-sdk/client-ses';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { NotificationEvent } from '../../shared/domain/notifications/types';
import type { EventPublisher } from '../../shared/adapters/notifications/ports';

/**
 * Outages on demand, to rehearse a replay on one machine: the senders' providers and the topic
 * can be taken down (PUT /_local/outages/{target}) and brought back (DELETE). Every local refusal
 * of a message is permanent (a bad address, an empty SMS) and so, rightly, never dead-lettered;
 * a provider that is down is what fills a dead-letter queue, and the stream's on-failure file.
 *
 *   ses    the email sender's SES client: connection refused, as from an SES endpoint that is down
 *   sms    the SMS sender's SNS client: connection refused likewise
 *   topic  the notifications topic: Publish fails (SNS's InternalError), for on-change and the jobs
 */
export const OUTAGE_TARGETS = ['ses', 'sms', 'topic'] as const;
export type OutageTarget = (typeof OUTAGE_TARGETS)[number];

export const isOutageTarget = (value: string): value is OutageTarget => (OUTAGE_TARGETS as readonly string[]).includes(value);

export class LocalOutages {
  private readonly down = new Map<OutageTarget, string>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  set(target: OutageTarget, down: boolean): void {
    if (down) this.down.set(target, this.down.get(target) ?? this.now().toISOString());
    else this.down.delete(target);
  }

  isDown(target: OutageTarget): boolean {
    return this.down.has(target);
  }

  /** Each target: `up`, or since when it is down. */
  status(): Record<OutageTarget, { state: 'up' } | { state: 'down'; since: string }> {
    return Object.fromEntries(OUTAGE_TARGETS.map((target) => [target, this.down.has(target) ? { state: 'down', since: this.down.get(target)! } : { state: 'up' }])) as ReturnType<LocalOutages['status']>;
  }

  /**
   * Makes the client's requests fail while `target` is down, inside the SDK's retries (as a
   * refused connection would), so the sender sees what the SDK would hand it.
   */
  guardClient(client: SESClient | SNSClient, target: 'ses' | 'sms', endpoint: string): void {
    const { host } = new URL(endpoint);
    (client as SESClient).middlewareStack.add(
      (next) => async (args) => {
        if (this.isDown(target)) {
          throw Object.assign(new Error(`connect ECONNREFUSED ${host} (local outage: DELETE /_local/outages/${target} ends it)`), { code: 'ECONNREFUSED', syscall: 'connect' });
        }
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'pantauLocalOutage' },
    );
  }

  /** The topic as its publishers see it: the bus, unless the topic is down. */
  guardTopic(topic: EventPublisher): EventPublisher {
    return {
      publish: async (event: NotificationEvent) => {
        if (this.isDown('topic')) {
          throw Object.assign(new Error('Internal Error (local outage: DELETE /_local/outages/topic ends it)'), { name: 'InternalErrorException', $fault: 'server' });
        }
        return topic.publish(event);
      },
    };
  }
}
